/** Size limits of the media parsers. Exceeding one is a FormatError naming both numbers. */

/**
 * Largest video access unit accepted (bytes). A 4K H.265 IDR frame from an NVR at its highest bitrate is around
 * 1–2 MB; 16 MiB leaves a wide margin and still stops a stream without start codes from growing memory forever.
 */
export const MAX_ACCESS_UNIT_SIZE = 16 * 1024 * 1024;

/**
 * Largest PES packet accepted (bytes). PES_packet_length is 16 bits (ISO/IEC 13818-1 §2.4.3.7), so a PES packet
 * with a length is at most 6 + 65535 bytes; video PES with PES_packet_length 0 (unbounded) end at the next
 * start code and are bounded by MAX_ACCESS_UNIT_SIZE instead.
 */
export const MAX_PES_PACKET_SIZE = 6 + 0xffff;

/** Largest junk run skipped while resyncing before giving up on the stream being MPEG-PS at all (bytes). */
export const MAX_RESYNC_SKIP = 4 * 1024 * 1024;
