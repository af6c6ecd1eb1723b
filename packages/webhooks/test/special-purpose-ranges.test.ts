import { checkCallbackHost, hostOf } from "../src";

// Every IANA special-purpose range that is not globally reachable (plus the forms that embed an IPv4 address), each
// as a callback URL in the encodings a client might send: the URL parser's normal form is what the guard sees.
test.each([
  ["IPv4-translated loopback (SIIT)", "http://[::ffff:0:127.0.0.1]/"],
  ["IPv4-translated, spelled out", "http://[0:0:0:0:ffff:0:7f00:1]/"],
  ["IPv4-translated, upper case", "http://[::FFFF:0:7F00:1]/"],
  ["IPv4-translated public address", "http://[::ffff:0:8.8.8.8]/"],
  ["site-local", "http://[fec0::1]/"],
  ["site-local, top of range", "http://[feff:ffff::1]/"],
  ["discard-only", "http://[100::1]/"],
  ["dummy prefix", "http://[100:0:0:1::1]/"],
  ["IPv6 documentation", "http://[2001:db8::1]/"],
  ["IPv6 documentation (3fff::/20)", "http://[3fff:fff::1]/"],
  ["IPv6 benchmarking", "http://[2001:2::1]/"],
  ["ORCHID", "http://[2001:10::1]/"],
  ["SRv6 SIDs", "http://[5f00::1]/"],
  ["TEST-NET-1", "http://192.0.2.1/"],
  ["TEST-NET-1, octal octet", "http://192.0.2.010/"],
  ["TEST-NET-2", "http://198.51.100.7/"],
  ["TEST-NET-3", "http://203.0.113.255/"],
  ["TEST-NET-3 as one decimal number", "http://3405803777/"],
  ["TEST-NET-2 IPv4-mapped", "http://[::ffff:198.51.100.7]/"],
  ["6to4 relay anycast", "http://192.88.99.1/"],
  ["benchmarking", "http://198.19.255.1/"],
  ["reserved", "http://240.0.0.1/"],
  ["limited broadcast", "http://255.255.255.255/"],
  ["this network", "http://0.1.2.3/"],
  ["loopback in hex", "http://0x7f.1/"],
  ["private in octal", "http://0300.0250.0.1/"],
  ["NAT64 with an embedded private IPv4", "http://[64:ff9b::10.0.0.1]/"],
  ["local-use NAT64", "http://[64:ff9b:1::a00:1]/"],
  ["6to4 with an embedded private IPv4", "http://[2002:c0a8:101::1]/"],
  ["6to4 with an embedded loopback", "http://[2002:7f00:1::]/"],
  ["Teredo", "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/"],
])("%s (%s) is refused", async (_range, url) => {
  expect(await checkCallbackHost(hostOf(url))).toBe("private");
});

test.each([
  "http://93.184.215.14/",
  "http://[2606:4700:4700::1111]/",
  "http://[::ffff:8.8.8.8]/",
  "http://192.0.3.1/",
  "http://203.0.114.1/",
])("%s may be called", async (url) => {
  expect(await checkCallbackHost(hostOf(url))).toBeNull();
});
