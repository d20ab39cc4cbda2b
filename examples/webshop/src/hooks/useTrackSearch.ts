import { usePostHog } from 'posthog-js/react';

export function useTrackSearch() {
  const posthog = usePostHog();
  return (query: string, resultCount: number) => {
    posthog.capture('search', { query_length: query.length, results: resultCount, referrer: document.referrer });
  };
}
