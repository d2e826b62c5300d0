/** The header's scalar typedefs as koffi aliases (vendor notes §1), registered once per process. */
import koffi from 'koffi';

koffi.alias('BOOL', 'int32'); // int on both platforms: TRUE 1, FALSE 0
koffi.alias('DWORD', 'uint32');
koffi.alias('LONG', 'int32'); // `int` on Linux x86-64, `long` (4 bytes, LLP64) on Windows x64
koffi.alias('WORD', 'uint16');
koffi.alias('BYTE', 'uint8');

/** A pointer as koffi 3 hands it over. */
export type SdkPtr = bigint | null;
