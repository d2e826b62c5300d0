/** The header's scalar typedefs as koffi aliases (vendor notes §1), registered once per process. */
import { typedef } from '@nvr-pusher/core/ffi';

typedef('BOOL', 'int32'); // int on both platforms: TRUE 1, FALSE 0
typedef('DWORD', 'uint32');
typedef('LONG', 'int32'); // `int` on Linux x86-64, `long` (4 bytes, LLP64) on Windows x64
typedef('WORD', 'uint16');
typedef('BYTE', 'uint8');

/** A pointer as koffi 3 hands it over. */
export type SdkPtr = bigint | null;
