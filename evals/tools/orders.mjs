// The lookup_order tool of evals/order-agent.yaml, as an application would implement it:
// validate the id, then read the order. The store's "database" is the case's own `order`
// var, so every case brings the world its question is about.
const ORDER_ID = /^ORD-\d{4}$/;

export function lookupOrder(args, { vars }) {
  const id = String(args.order_id ?? "");
  if (!ORDER_ID.test(id)) return { error: `invalid order id "${id}": expected ORD- and four digits` };
  const order = vars.order;
  if (!order || order.order_id !== id) return { error: `order ${id} not found` };
  return { ...order, status: "shipped" };
}
