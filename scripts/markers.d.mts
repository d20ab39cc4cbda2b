export interface Expectation {
  line: number;
  vendor: string;
  /** Sorted `category` or `category*` (anonymized) entries. */
  data: string[];
  /** The kinds of flow the line stands for (`@wrapper` is `wrapper`). */
  kinds: string[];
  todo: boolean;
}
export function readExpectations(file: string): Expectation[];
export function readDecoys(file: string): number[];
