/** Size limits of the media parsers. Exceeding one is a LimitError (a FormatError) naming both numbers. */

/**
 * Largest video access unit / NAL unit accepted (bytes). A 4K H.265 IDR frame from an NVR at its highest
 * bitrate is around 1–2 MB; 16 MiB leaves a wide margin and still stops a stream without start codes from
 * growing memory forever. (PES packets need no limit of their own: PES_packet_length is 16 bits, ISO/IEC
 * 13818-1 §2.4.3.7, so a PS packet is at most 6 + 65535 bytes; ADTS frames are at most 8191 bytes.)
 */
export const MAX_ACCESS_UNIT_SIZE = 16 * 1024 * 1024;
