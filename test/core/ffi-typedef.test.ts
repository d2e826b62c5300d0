import { describe, expect, it } from 'vitest';
import koffi from 'koffi';
import { typedef } from '@nvr-pusher/core/ffi';

describe('typedef (koffi type names are process-wide)', () => {
  it('declares a new alias, and reuses an identical one declared by another SDK plugin', () => {
    const a = typedef('TEST_DWORD_A', 'uint32');
    const b = typedef('TEST_DWORD_A', 'uint32');
    expect(koffi.sizeof(a)).toBe(4);
    expect(b).toBe(a);
  });
  it('refuses the same name for a different type, naming it', () => {
    typedef('TEST_LONG_B', 'int32');
    expect(() => typedef('TEST_LONG_B', 'int64')).toThrow(/koffi type 'TEST_LONG_B' is already declared as .*, not int64/);
  });
});
