import { classifyWmsException } from './wms-exceptions';

describe('classifyWmsException', () => {
  it.each([
    ['STOCK_MISMATCH', 'STOCK_MISMATCH', 'HIGH'],
    ['stock mismatch', 'STOCK_MISMATCH', 'HIGH'],
    ['Cycle count found 3 units, system says 5', 'STOCK_MISMATCH', 'HIGH'],
    ['inventory_shortage', 'INVENTORY_SHORTAGE', 'HIGH'],
    ['Item out of stock at pick face', 'INVENTORY_SHORTAGE', 'HIGH'],
    ['Carton crushed on conveyor', 'DAMAGED_PACKAGE', 'HIGH'],
    ['scanner offline at pack station', 'SYSTEM_ERROR', 'CRITICAL'],
    ['customer called to change gift message', 'OTHER', 'MEDIUM'],
    ['', 'OTHER', 'MEDIUM'],
    [undefined, 'OTHER', 'MEDIUM'],
  ])('%p → %s (%s)', (reason, reasonCode, severity) => {
    expect(classifyWmsException(reason)).toEqual({ reasonCode, severity });
  });
});
