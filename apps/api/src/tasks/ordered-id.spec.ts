import { newOrderedId } from './ordered-id';

describe('newOrderedId', () => {
  it('is a UUID whose text order is creation order, also within one millisecond', () => {
    const at = new Date('2030-01-01T00:00:00Z');
    const ids = Array.from({ length: 500 }, () => newOrderedId(at));
    expect(
      ids.every((id) =>
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id),
      ),
    ).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    const later = newOrderedId(new Date('2030-01-01T00:00:01Z'));
    expect(later > ids[ids.length - 1]).toBe(true);
  });
});
