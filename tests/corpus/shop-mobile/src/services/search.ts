import algoliasearch from 'algoliasearch';

const client = algoliasearch('APP', process.env.ALGOLIA_ADMIN_KEY ?? '');
const orders = client.initIndex('orders');

export async function indexOrder(order: { id: string; total: number; shipping: { name: string; street: string; city: string } }) {
  await orders.saveObject({ objectID: order.id, total: order.total, shipping: order.shipping }); // expect: algolia address location name @types
}
