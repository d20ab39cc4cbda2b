export * from './clients';
export { sha256Hex as hashId } from './hash';
