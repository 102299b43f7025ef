import {
  backfillScan,
  reallocateInventory,
  recoverSystem,
  retryPayment,
  trackShipment,
  validateAddress,
} from './rules';

describe('validateAddress', () => {
  it.each([
    ['known zip', { city: 'Springfield', zip: '62704' }, { valid: true, corrected: false }],
    [
      'swapped digits corrected',
      { city: 'Springfield', zip: '62074' },
      { valid: false, corrected: true, address: { city: 'Springfield', zip: '62704' } },
    ],
    ['00000 never', { city: 'Springfield', zip: '00000' }, { valid: false, corrected: false }],
    ['99999 never', { city: 'Chicago', zip: '99999' }, { valid: false, corrected: false }],
    ['city Nowhere', { city: 'Nowhere', zip: '12345' }, { valid: false, corrected: false }],
    ['wrong zip not a swap', { city: 'Springfield', zip: '62799' }, { valid: false, corrected: false }],
    ['unknown city accepted', { city: 'Smallville', zip: '12345' }, { valid: true, corrected: false }],
  ])('%s', (_name, address, expected) => {
    expect(validateAddress(address)).toMatchObject(expected);
  });
});

describe('retryPayment', () => {
  it.each([
    ['insufficient_funds', 'succeeded'],
    ['try_again_later', 'succeeded'],
    ['stolen_card', 'declined'],
    ['expired_card', 'declined'],
  ])('%s → %s', (code, status) => {
    expect(retryPayment({ decline_code: code }).status).toBe(status);
    expect(retryPayment({ decline_code: code })).toEqual(retryPayment({ decline_code: code }));
  });
  it('a pending authorisation is a soft decline', () => {
    expect(retryPayment({ financial_status: 'pending' }).status).toBe('succeeded');
  });
});

describe('partner rules', () => {
  it('reallocates when the alternate warehouse covers the shortage', () => {
    expect(
      reallocateInventory([{ sku: 'A', quantity: 3, available_quantity: 1, alternate_warehouse_quantity: 2 }])
        .status,
    ).toBe('reallocated');
    expect(
      reallocateInventory([{ sku: 'A', quantity: 3, available_quantity: 0, alternate_warehouse_quantity: 2 }])
        .status,
    ).toBe('insufficient_stock');
  });
  it('backfills a pack scan only when pick and label exist', () => {
    expect(
      backfillScan({ expected_scan: 'pack_completed', pick_completed_at: 'x', label_created_at: 'y' }).status,
    ).toBe('backfilled');
    expect(backfillScan({ expected_scan: 'pack_completed', pick_completed_at: 'x' }).status).toBe(
      'not_found',
    );
  });
  it('tracking and recovery follow from their inputs', () => {
    expect(trackShipment('1Z999X')).toBeNull();
    expect(trackShipment('1Z999E')?.status).toBe('exception');
    expect(trackShipment('1Z9991')?.status).toBe('in_transit');
    expect(recoverSystem({ error_type: 'timeout' }).status).toBe('recovered');
    expect(recoverSystem({ error_type: 'data_corruption' }).status).toBe('failed');
  });
});
