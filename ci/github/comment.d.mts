/** The marker that starts piiflow's pull-request comment (the one updated on each push). */
export declare const MARKER: string;
/** The comment's text: the marker, then the Markdown summary cut to GitHub's limit, or why there is none. */
export declare function commentBody(report: string | undefined, exitCode: string): string;
