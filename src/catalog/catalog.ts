import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Category } from '../model/categories';
import type { DataType, Vendor, VendorCollection, VendorFactory, VendorSink } from './catalog-types';
import { PiiflowUserError, describeIoError, didYouMean, type SourcePosition } from '../model/errors';
import { NameClassifier } from './names';
import { YamlFile, compileSchema } from './yaml-file';

/** The directory of the bundled data (`rules/`), from both `src/catalog` and `dist/catalog`. */
export const BUNDLED_RULES_DIR = resolve(__dirname, '..', '..', 'rules');

/** How one entrypoint of one vendor is named in `entries:` filters: the package, or `global:<name>`. */
export type EntryId = string;

export interface PackageEntry {
  vendor: LoadedVendor;
  entry: EntryId;
  exports: Readonly<Record<string, string>>;
}

export interface LoadedVendor extends Vendor {
  /** Where the YAML came from, for messages. */
  file: string;
  sinksByPath: ReadonlyMap<string, readonly VendorSink[]>;
  factoriesByPath: ReadonlyMap<string, readonly VendorFactory[]>;
  collectsByPath: ReadonlyMap<string, readonly VendorCollection[]>;
}

export interface Catalog {
  vendors: ReadonlyMap<string, LoadedVendor>;
  dataTypes: readonly DataType[];
  names: NameClassifier;
  /** Package specifier to the vendors it belongs to (one package may serve two, e.g. @next/third-parties/google). */
  packages: ReadonlyMap<string, readonly PackageEntry[]>;
  /** Global name (reached bare or through window/globalThis/self) to its vendors. */
  globals: ReadonlyMap<string, readonly LoadedVendor[]>;
  /** Dotted source expressions (document.referrer) to the category they carry. */
  sources: ReadonlyMap<string, Category>;
  /** Last segment of every source expression, so most property reads skip the lookup. */
  sourceTails: ReadonlySet<string>;
  /** Matches a text that names a catalog package (in quotes) or a catalog global: a file that does not cannot reach an SDK by itself. */
  prefilter: RegExp;
  /** A fingerprint of the data, for caches. */
  fingerprint: string;
}

/** A bundled JSON Schema from rules/schemas. */
export function bundledSchema(name: 'vendor' | 'data-type' | 'policy'): object {
  return JSON.parse(readFileSync(join(BUNDLED_RULES_DIR, 'schemas', `${name}.schema.json`), 'utf8')) as object;
}

const validateVendor = lazy(() => compileSchema(bundledSchema('vendor')));
const validateDataType = lazy(() => compileSchema(bundledSchema('data-type')));

const catalogCache = new Map<string, Catalog>();

/**
 * Loads the vendors and data types under a rules directory. The bundled catalog is loaded once per
 * process; another directory (a catalog being edited) is reloaded when its files change.
 */
export function loadCatalog(rulesDir: string = BUNDLED_RULES_DIR): Catalog {
  const directory = resolve(rulesDir);
  const key = directory === BUNDLED_RULES_DIR ? directory : `${directory}\u0000${filesStamp(directory)}`;
  let catalog = catalogCache.get(key);
  if (!catalog) {
    catalog = (directory === BUNDLED_RULES_DIR ? fromSnapshot(directory) : undefined) ?? buildCatalog(readYamlDir(join(directory, 'vendors')), readYamlDir(join(directory, 'data-types')));
    catalogCache.set(key, catalog);
  }
  return catalog;
}

/**
 * The build writes the bundled catalog, validated, as one JSON file next to the compiled engine,
 * so that a run need not parse and validate 70 YAML files (a fifth of a second). It is used only
 * while the YAML files and schemas it came from are byte for byte the same; a vendor file added
 * or edited after the build is read from YAML as always.
 */
export const CATALOG_SNAPSHOT = resolve(__dirname, '..', 'catalog.snapshot.json');

interface CatalogSnapshot {
  stamp: string;
  vendors: { file: string; vendor: Vendor }[];
  dataTypes: DataType[];
}

/** The snapshot of a rules directory, validated the usual way (the build script writes it). */
export function catalogSnapshot(rulesDir: string = BUNDLED_RULES_DIR): string {
  const directory = resolve(rulesDir);
  const vendorFiles = readYamlDir(join(directory, 'vendors'));
  const catalog = buildCatalog(vendorFiles, readYamlDir(join(directory, 'data-types')));
  const snapshot: CatalogSnapshot = {
    stamp: contentStamp(directory),
    vendors: [...catalog.vendors.values()].map(({ file, sinksByPath: _s, factoriesByPath: _f, collectsByPath: _c, ...vendor }) => ({ file, vendor })),
    dataTypes: [...catalog.dataTypes],
  };
  return `${JSON.stringify(snapshot)}\n`;
}

/** The catalog from a snapshot file, if the snapshot was made from exactly the files now in `directory`. */
export function fromSnapshot(directory: string, snapshotFile: string = CATALOG_SNAPSHOT): Catalog | undefined {
  let snapshot: CatalogSnapshot;
  try {
    snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as CatalogSnapshot;
  } catch {
    return undefined; // not built (tests run the sources) or damaged: the YAML files are the truth
  }
  if (snapshot.stamp !== contentStamp(directory)) return undefined;
  return assembleCatalog(
    snapshot.dataTypes,
    snapshot.vendors.map(({ file, vendor }) => ({ vendor, file, locate: () => ({ file }) })),
  );
}

/** A hash of every file the catalog is made of: the YAML files and the schemas that validate them. */
function contentStamp(directory: string): string {
  const hash = createHash('sha1');
  for (const folder of ['vendors', 'data-types', 'schemas']) {
    let names: string[] = [];
    try {
      names = readdirSync(join(directory, folder)).sort();
    } catch {
      names = [];
    }
    for (const name of names) {
      hash.update(`${folder}/${name}\u0000`);
      try {
        hash.update(readFileSync(join(directory, folder, name)));
      } catch {
        hash.update('\u0001unreadable');
      }
    }
  }
  return hash.digest('base64url');
}

/** Names, sizes and modification times of a rules directory's YAML files. */
function filesStamp(directory: string): string {
  const parts: string[] = [];
  for (const folder of ['vendors', 'data-types']) {
    let names: string[] = [];
    try {
      names = readdirSync(join(directory, folder)).sort();
    } catch {
      // Reported by readYamlDir when the catalog is built.
    }
    for (const name of names) {
      try {
        const stat = statSync(join(directory, folder, name));
        parts.push(`${folder}/${name}:${stat.size}:${stat.mtimeMs}`);
      } catch {
        parts.push(`${folder}/${name}:gone`);
      }
    }
  }
  return parts.join('|');
}

function readYamlDir(dir: string): YamlFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch (error) {
    throw new PiiflowUserError(`cannot read the catalog directory: ${describeIoError(error)}`, { file: dir });
  }
  return names.map((name) => YamlFile.read(join(dir, name)));
}

export function buildCatalog(vendorFiles: readonly YamlFile[], dataTypeFiles: readonly YamlFile[]): Catalog {
  const dataTypes = dataTypeFiles.map((file) => {
    const type = file.validate<DataType>(validateDataType(), 'data type');
    expectIdMatchesFile(file, type.id);
    return type;
  });
  const vendors = vendorFiles.map((file) => {
    const vendor = file.validate<Vendor>(validateVendor(), 'vendor');
    expectIdMatchesFile(file, vendor.id);
    return { vendor, file: file.path, locate: (steps: (string | number)[]) => file.positionOf(steps) };
  });
  return assembleCatalog(dataTypes, vendors);
}

/** Where a vendor definition came from, to point errors at it. */
export interface VendorSource {
  vendor: Vendor;
  file: string;
  locate: (steps: (string | number)[]) => SourcePosition;
}

/**
 * The bundled catalog plus what a policy adds: more names for the fixed categories, and the
 * app's own sinks. Vendor definitions are checked like the bundled ones.
 */
export function extendCatalog(base: Catalog, dataTypeNames: Partial<Record<Category, { names?: string[]; exactNames?: string[] }>>, extraVendors: readonly VendorSource[]): Catalog {
  const dataTypes = base.dataTypes.map((type) => {
    const extra = dataTypeNames[type.id];
    if (!extra) return type;
    return { ...type, match: { ...type.match, names: [...(type.match.names ?? []), ...(extra.names ?? [])], exactNames: [...(type.match.exactNames ?? []), ...(extra.exactNames ?? [])] } };
  });
  const vendors: VendorSource[] = [...base.vendors.values()].map((loaded) => ({ vendor: loaded, file: loaded.file, locate: () => ({ file: loaded.file }) }));
  for (const extra of extraVendors) {
    const errors = validateVendor();
    if (!errors(extra.vendor)) {
      const error = errors.errors?.[0];
      const steps = (error?.instancePath ?? '').split('/').slice(1).map((step) => (/^\d+$/.test(step) ? Number(step) : step));
      const where = error?.instancePath ? `${error.instancePath.slice(1).replace(/\//g, '.')}: ` : '';
      throw new PiiflowUserError(`invalid custom vendor: ${where}${error?.message ?? 'does not match rules/schemas/vendor.schema.json'}`, extra.locate(steps));
    }
  }
  return assembleCatalog(dataTypes, [...vendors, ...extraVendors]);
}

function assembleCatalog(dataTypes: readonly DataType[], sources: readonly VendorSource[]): Catalog {
  const categories = new Set(dataTypes.map((type) => type.id));
  const vendors = new Map<string, LoadedVendor>();
  const packages = new Map<string, PackageEntry[]>();
  const globals = new Map<string, LoadedVendor[]>();
  for (const { vendor, file, locate } of sources) {
    if (vendors.has(vendor.id)) {
      throw new PiiflowUserError(`vendor "${vendor.id}" is defined twice`, locate(['id']), `the other definition is in ${vendors.get(vendor.id)!.file}`);
    }
    const loaded = indexVendor(vendor, file, locate, categories);
    vendors.set(vendor.id, loaded);
    for (const entry of vendor.entrypoints) {
      if (entry.package !== undefined) {
        const list = packages.get(entry.package) ?? [];
        list.push({ vendor: loaded, entry: entry.package, exports: entry.exports ?? {} });
        packages.set(entry.package, list);
      } else if (entry.global !== undefined) {
        const list = globals.get(entry.global) ?? [];
        list.push(loaded);
        globals.set(entry.global, list);
      }
    }
  }

  const sourceExpressions = new Map<string, Category>();
  for (const type of dataTypes) for (const source of type.sources ?? []) sourceExpressions.set(source, type.id);
  const sourceTails = new Set([...sourceExpressions.keys()].map((source) => source.slice(source.lastIndexOf('.') + 1)));

  const fingerprint = JSON.stringify([dataTypes, [...vendors.values()].map(({ file: _file, sinksByPath: _s, factoriesByPath: _f, collectsByPath: _c, ...vendor }) => vendor)]);
  return {
    vendors,
    dataTypes,
    names: new NameClassifier(dataTypes),
    packages,
    globals,
    sources: sourceExpressions,
    sourceTails,
    prefilter: buildPrefilter(packages.keys(), globals.keys()),
    fingerprint,
  };
}

function buildPrefilter(packages: Iterable<string>, globals: Iterable<string>): RegExp {
  const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  // Not \b: global names may start with `$` ($crisp), which is not a word character.
  return new RegExp(`['"\`](?:${[...packages].map(escape).join('|')})['"\`]|(?<![\\w$])(?:${[...globals].map(escape).join('|')})(?![\\w$])`);
}

function indexVendor(vendor: Vendor, file: string, locate: VendorSource['locate'], categories: ReadonlySet<string>): LoadedVendor {
  const entryIds = new Set(vendor.entrypoints.map((entry) => entry.package ?? `global:${entry.global}`));
  const checkEntries = (entries: readonly string[] | undefined, path: (string | number)[]): void => {
    for (const entry of entries ?? []) {
      if (entryIds.has(entry)) continue;
      const hint = didYouMean(entry, entryIds);
      throw new PiiflowUserError(
        `entry "${entry}" is not one of this vendor's entrypoints`,
        locate([...path, 'entries']),
        hint ? `did you mean "${hint}"?` : `entrypoints: ${[...entryIds].join(', ')}`,
      );
    }
  };
  const byPath = <T extends { call: string | string[]; entries?: string[] }>(list: readonly T[] | undefined, key: string): Map<string, T[]> => {
    const map = new Map<string, T[]>();
    (list ?? []).forEach((item, index) => {
      checkEntries(item.entries, [key, index]);
      for (const path of asList(item.call)) map.set(path, [...(map.get(path) ?? []), item]);
    });
    return map;
  };
  const sinksByPath = byPath(vendor.sinks, 'sinks');
  const factoriesByPath = byPath(vendor.factories, 'factories');
  const collectsByPath = byPath(vendor.collects, 'collects');
  for (const [key, category] of Object.entries(vendor.reserved ?? {})) {
    if (!categories.has(category)) {
      throw new PiiflowUserError(`reserved key "${key}" names category "${category}", which has no data type`, locate(['reserved', key]));
    }
  }
  const { sinksByPath: _s, factoriesByPath: _f, collectsByPath: _c, file: _file, ...definition } = vendor as Partial<LoadedVendor> & Vendor;
  return { ...definition, file, sinksByPath, factoriesByPath, collectsByPath };
}

/** Whether a factory, sink or collection applies to an SDK reached through `entry`. */
export function appliesToEntry(item: { entries?: readonly string[] }, entry: EntryId): boolean {
  return !item.entries || item.entries.includes(entry);
}

function expectIdMatchesFile(file: YamlFile, id: string): void {
  const expected = basename(file.path).replace(/\.ya?ml$/, '');
  if (id !== expected) {
    throw new PiiflowUserError(`id "${id}" must equal the file name "${expected}"`, file.positionOf(['id']));
  }
}

export function asList<T>(value: T | readonly T[]): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
