export * from './scenarios';
export * from './shopify-order';
export * from './timeline';
export * from './generate';
export * from './delivery-plan';
export * from './sender';
