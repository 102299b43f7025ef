export { partnerEndpointsAt } from '@e2a/tenants';
