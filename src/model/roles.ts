/** What an argument of an SDK call carries. */
export type ArgumentRole =
  | 'user-id'
  | 'group-id'
  | 'device-id'
  | 'user'
  | 'user-properties'
  | 'event-properties'
  | 'context'
  | 'config'
  | 'message'
  | 'event-name'
  | 'prompt';
