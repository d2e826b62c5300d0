import { describe, expect, it } from 'vitest';
import { authorization, parseChallenges } from '../../src/format/rtsp-auth.js';
import { parseSoap, passwordDigest, securityHeader } from '../../src/format/soap-envelope.js';

describe('RTSP authentication', () => {
  it('prefers Digest over Basic and reads quoted parameters', () => {
    const c = parseChallenges(['Basic realm="cam"', 'Digest realm="IP Camera(21388)", nonce="8d3e5a", stale="FALSE", qop="auth"']);
    expect(c.map((x) => x.scheme)).toEqual(['digest', 'basic']);
    expect(c[0]!.params.get('realm')).toBe('IP Camera(21388)');
  });

  it('computes the RFC 2617 §3.5 example response (qop=auth)', () => {
    const [c] = parseChallenges(['Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"']);
    const h = authorization(c!, 'Mufasa', 'Circle Of Life', 'GET', '/dir/index.html', 1, '0a4f113b');
    expect(h).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(h).toContain('qop=auth, nc=00000001, cnonce="0a4f113b"');
    expect(h).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  });

  it('Digest without qop (RFC 2069 form, as most cameras send) and Basic', () => {
    const [c] = parseChallenges(['Digest realm="r", nonce="n"']);
    expect(authorization(c!, 'u', 'p', 'DESCRIBE', 'rtsp://cam/')).toMatch(/^Digest username="u", realm="r", nonce="n", uri="rtsp:\/\/cam\/", response="[0-9a-f]{32}"$/);
    expect(authorization(parseChallenges(['Basic realm="x"'])[0]!, 'admin', 'pw', 'DESCRIBE', '/')).toBe('Basic YWRtaW46cHc=');
  });
});

const EXPECTED_DIGEST = 'Z05U3cvKQF1cTYeZUFZhGHIxPbQ=';

describe('WS-Security UsernameToken', () => {
  it('PasswordDigest = Base64(SHA-1(nonce + created + password))', () => {
    // Vector computed independently: printf '\x00\x01...\x0f2026-01-01T00:00:00Zpass' | sha1sum | xxd -r -p | base64
    const nonce = Uint8Array.from({ length: 16 }, (_, i) => i);
    expect(passwordDigest(nonce, '2026-01-01T00:00:00Z', 'pass')).toBe(EXPECTED_DIGEST);
    const h = securityHeader('admin', 'pass', nonce, '2026-01-01T00:00:00Z');
    expect(h).toContain(`<wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">AAECAwQFBgcICQoLDA0ODw==</wsse:Nonce>`);
    expect(h).not.toContain('pass<');
  });
});

describe('parseSoap', () => {
  it('reads a body whatever the namespace prefixes', () => {
    const { body, fault } = parseSoap('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><x:Answer xmlns:x="urn:x"><x:V>1</x:V></x:Answer></s:Body></s:Envelope>');
    expect(fault).toBeUndefined();
    expect(body).toEqual({ Answer: { V: '1' } });
  });

  it('reads a fault with its subcode chain and reason', () => {
    const xml = '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value>' +
      '<env:Subcode><env:Value>ter:InvalidArgVal</env:Value><env:Subcode><env:Value>ter:NoProfile</env:Value></env:Subcode></env:Subcode></env:Code>' +
      '<env:Reason><env:Text xml:lang="en">no profile</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>';
    expect(parseSoap(xml).fault).toEqual({ code: 'Sender', subcode: 'NoProfile', subcodes: ['InvalidArgVal', 'NoProfile'], reason: 'no profile' });
  });

  it('refuses what is not a SOAP envelope', () => {
    expect(() => parseSoap('<html><body>401</body></html>')).toThrow(/not a SOAP envelope/);
  });
});
