#!/usr/bin/env node
// The GitHub Action's pull-request comment (action.yml, "Comment on the pull request"): the --since summary that
// piiflow wrote as Markdown, in one comment per pull request, found by its marker and updated on each push. Talks to
// GitHub only through the `gh` command (on every GitHub-hosted runner), so a test runs it with a fake `gh` on PATH.
//
// Environment: REPO (owner/name), PR (number), GH_TOKEN (for gh), PIIFLOW_REPORT (the Markdown, default
// piiflow.md), PIIFLOW_EXIT (the --since scan's exit code).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const MARKER = '<!-- piiflow -->';
/** GitHub refuses a comment over 65,536 characters. */
const MAX_BODY = 65_000;

/**
 * The comment's text: the marker, then the report (cut to GitHub's limit), or why there is none. A scan that
 * failed (exit code 2) left no summary of its own: what piiflow.md holds then is not about this comparison.
 */
export function commentBody(report, exitCode) {
  if (report === undefined || Number(exitCode) >= 2) {
    return `${MARKER}\n## piiflow\n\npiiflow could not compare this pull request (exit code ${exitCode || 'unknown'}): see the job log.\n`;
  }
  const note = '\n\n… (cut here: the whole summary is in the job summary)\n';
  const text = report.length > MAX_BODY ? report.slice(0, MAX_BODY - note.length) + note : report;
  return `${MARKER}\n${text}`;
}

function gh(args) {
  return execFileSync('gh', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

/** The id of the pull request's piiflow comment, if it has one: the first whose body starts with the marker. */
function existingComment(repo, pr) {
  for (let page = 1; page <= 100; page++) {
    const comments = JSON.parse(gh(['api', `repos/${repo}/issues/${pr}/comments?per_page=100&page=${page}`]));
    const found = comments.find((comment) => typeof comment.body === 'string' && comment.body.startsWith(MARKER));
    if (found) return found.id;
    if (comments.length < 100) return undefined;
  }
  return undefined;
}

function main() {
  const { REPO: repo, PR: pr, PIIFLOW_EXIT: exitCode = '' } = process.env;
  const reportPath = process.env.PIIFLOW_REPORT || 'piiflow.md';
  if (!repo || !/^\d+$/.test(pr ?? '')) {
    console.error('piiflow: no pull request to comment on (REPO and PR are not set)');
    return 0;
  }
  const body = commentBody(existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : undefined, exitCode);
  // The body goes in a file (--input), not on the command line, whatever its size.
  const folder = mkdtempSync(join(tmpdir(), 'piiflow-comment-'));
  try {
    const input = join(folder, 'body.json');
    writeFileSync(input, JSON.stringify({ body }));
    const id = existingComment(repo, pr);
    if (id !== undefined) {
      gh(['api', '--method', 'PATCH', `repos/${repo}/issues/comments/${id}`, '--input', input]);
      console.log(`piiflow: updated the pull request comment ${id}`);
    } else {
      gh(['api', '--method', 'POST', `repos/${repo}/issues/${pr}/comments`, '--input', input]);
      console.log('piiflow: commented on the pull request');
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main();
