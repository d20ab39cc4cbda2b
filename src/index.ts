// The package's public surface: the ESLint plugin, with the programmatic scanner and its types beside it.
import { scan } from './core/index';
import { plugin } from './eslint/plugin';

const piiflow = Object.assign(plugin, { scan });

export = piiflow;
