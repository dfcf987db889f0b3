// Demo credentials of the sandbox tenant, generated once for this project with openssl: the certificate (and
// its private key) of the seeded certificate client, and a self-signed TLS certificate for 127.0.0.1 used when
// the sandbox serves HTTPS in tests. They protect nothing real: they exist only so the sandbox's certificate
// sign-in and TLS can be tried offline. Never trust them anywhere else.

/** Certificate of the seeded certificate client (RSA 2048, self-signed, valid until 2126). */
export const DEMO_CLIENT_CERTIFICATE_PEM = `-----BEGIN CERTIFICATE-----
MIIDSTCCAjGgAwIBAgIUAfw/tLw/mgSMbqGkwd7kdC9R3dQwDQYJKoZIhvcNAQEL
BQAwMzExMC8GA1UEAwwoaW50dW5lLWFzc2lnbiBzYW5kYm94IGNlcnRpZmljYXRl
IGNsaWVudDAgFw0yNjExMjgxNTExMTdaGA8yMTI2MTEwNDE1MTExN1owMzExMC8G
A1UEAwwoaW50dW5lLWFzc2lnbiBzYW5kYm94IGNlcnRpZmljYXRlIGNsaWVudDCC
ASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAK79+X0Fwruc3aopxVp0npKO
l5Gqc+y9YynTtb739vAjDTMVay7GPRbvBz3RfQawMJkQMla417SB+ZBaEF7yLj7T
5nCGSbGhvRZwJ5hJrFC2A7y+xZ7Tzg5DWDNnhSB8XAGGf1/KYbfiQEptAMeyTMKc
6hLfm5HhgnYqdJCL8Ncguyy/Qqncrdthzk9O/uV5AqZs/54kJXEj/nyoygR4lPaE
U+P1iQqk0SXCOTQjoPgwQk8S+YR7/MF28eKbJbUk+TkWUxkkdFZkRT4qIQr8cjRa
+R9CONXGzkZj0jPdGc24SU/LvRSyODnL+94RqaJBGmPXjAgCcK3eIwFdaSxrbJsC
AwEAAaNTMFEwHQYDVR0OBBYEFE1i0SwR5CUs71BRD72TZlNQvGoOMB8GA1UdIwQY
MBaAFE1i0SwR5CUs71BRD72TZlNQvGoOMA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZI
hvcNAQELBQADggEBABXhLveIFXkRBOh6uHU9e8NfPbEelXv+Ye4BlxzTlAmr+Ijm
SQ/spd6PV0NRIdrt5NAsdW5sxHfgR6DaCdjEmBDtVqt9LiK94bc2ZFcblIFeJxfB
e+47mT+KmoUxYx3ehN6kI0JMBRGsqRk7pMMS4c32BBP8O0AGgYuHkipxLTO2MVRV
Y7sMpMHC+k4WivZkHnqKxtpkmoCIYi5AJPP15xdzLE5/9RmGcvLBUoxF8K54Ub5n
BOeM/u4Nde5DlcKqT6eEtK09QmRlfkdZot+6L1tWeFI8eyzT80ZKUTRtv0VIYUSN
Er85YAZWI7ht/wfoUxdr9I9oCBAZooHkDMdiI08=
-----END CERTIFICATE-----
`;

/** Private key of DEMO_CLIENT_CERTIFICATE_PEM (PKCS#8, unencrypted): signs client assertions in tests and demos. */
export const DEMO_CLIENT_PRIVATE_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCu/fl9BcK7nN2q
KcVadJ6SjpeRqnPsvWMp07W+9/bwIw0zFWsuxj0W7wc90X0GsDCZEDJWuNe0gfmQ
WhBe8i4+0+Zwhkmxob0WcCeYSaxQtgO8vsWe084OQ1gzZ4UgfFwBhn9fymG34kBK
bQDHskzCnOoS35uR4YJ2KnSQi/DXILssv0Kp3K3bYc5PTv7leQKmbP+eJCVxI/58
qMoEeJT2hFPj9YkKpNElwjk0I6D4MEJPEvmEe/zBdvHimyW1JPk5FlMZJHRWZEU+
KiEK/HI0WvkfQjjVxs5GY9Iz3RnNuElPy70Usjg5y/veEamiQRpj14wIAnCt3iMB
XWksa2ybAgMBAAECggEAFxGNE7GwN6pYwGdsSF3qT5izm3TUfmeDDI8HvQqUR5jf
UxYmQI7Km9zb4AbfTAPrDCqJ8EvCx92AiEqPMO0NMqQdk0Torx2Kv0v+tEE2EZfF
C1s80xDJ77BqDrC9aIhsWpkf7oFP+308i3MuMKUtIFSuONm4ePU5DRnQrwN7tug2
V2oCFkNL/yJzegCrEqaXrCEJbIFRJz1py3wQ+TouGyZ4uB/g7w2BqBsk+evjLnB8
HkWT8OL32ORgr647PPODWmqiwpVrLrsk2upSLyTiGQBvcrFAMcaAh7c06XLnntz5
qO+nzTiU3AtITruYkqZTfeSSxox2xmSv7vIS/CfLYQKBgQDdqd8uvoj+M6Xl1hpP
C616w0+vO9YwNoUKcGB/5piYlmn/W/seop3bw9sGyusmadwEzU659L/CwcqySLpa
J3sTvouOi307CDvJz9Xl+9wFPj0pLzwbvovWIpDZeNfU3HozZZQN4uhV0WboQes+
h+e6uDW3KxcoEa5RMAqK//7uOwKBgQDKGVU5rSYilRjyfX+A+rXnuSKwxgWMjfjP
MIpalUFM1FvwF8a1DLwagdY3OWKFxs0ty3BqN4K4Uj+tR5+6I7lic3IYLmmr8c1o
XIe6How7a9N0MfZpkYckdkQso9qzqq/84QmKkuTcgec4y/4j69DqzETnEVwFdHPI
wuhnjW21IQKBgHvtHPnlTHHSLk3xBYRr4vFfgI1XxsftszPC4DChm26zqU86/YqD
H/5d4XZKvG0dggStQ/Zy/0LDVa+XOZhtukGvphZrpff7AnIx4ERUKw5DXa5I2jIo
tcViTdlH1mMLYMabY8rfsUVJbV8se3jaQpQBqQZe8PNV7z80vLA5ry1BAoGAYW15
AocQfVd3YV9S2nECxKUhriqofivrKKbz69tMUaeGcuZjauCqxfSVuqW1c1x1iYAr
v2jnYch03ipLPEcAlg+ljzbAxp2ZMph47ibP382JcNitPBNmHRPOpd6QDlFY6gXq
vZ03K36MY3skF1kVrDuxc9uQiyiqsLwVoeYyX0ECgYEAgYZ/BlrgsSaiuZqTW0xM
BdVwsDTUVRrgzbXDSxyxmcc/cuQWP8QlSemzLZOjuFEAXzvuZ73G0BUpNwDpYtuS
xNq4ShtEYmDZxCRRzCxaujA8nYpqysMXxCVqj3kUCxHIahXmgbz92k3dU1M14UMl
Rkx3tJWsEOIbqSt4PNcpFLY=
-----END PRIVATE KEY-----
`;

/** Self-signed TLS certificate for 127.0.0.1 and localhost (EC P-256, valid until 2126). */
export const DEMO_TLS_CERTIFICATE_PEM = `-----BEGIN CERTIFICATE-----
MIIBmzCCAUGgAwIBAgIUTOO4HHRge9Ghi2gjqYRe/hG07vIwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyODE1MTExN1oYDzIxMjYxMTA0
MTUxMTE3WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAT60rh6l8nYrJoAOHm76sPR7db5PnfJdAIDWO/4WODu++6XnhfMg5gJ
+PsNP4WO2P/WxYguJCb2GrJBwMvHanoTo28wbTAdBgNVHQ4EFgQUPJOatrsmlXPH
KVa8Kvah+0uwrLowHwYDVR0jBBgwFoAUPJOatrsmlXPHKVa8Kvah+0uwrLowDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI
zj0EAwIDSAAwRQIhALiDzxnRwzN7AbrvcqeacjQ4TFUhpwfJ7CMRVnaWjIxfAiA9
bb8X3DLc4Ad3rsW1CnTEqCH8xux6YxhB+gyTPum0Fw==
-----END CERTIFICATE-----
`;

/** Private key of DEMO_TLS_CERTIFICATE_PEM. */
export const DEMO_TLS_PRIVATE_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg/m04vkTFi0CRGref
bs+54u2eFmZBeQKDx+y2skyVbEWhRANCAAT60rh6l8nYrJoAOHm76sPR7db5PnfJ
dAIDWO/4WODu++6XnhfMg5gJ+PsNP4WO2P/WxYguJCb2GrJBwMvHanoT
-----END PRIVATE KEY-----
`;
