// An S3-protocol server (s3rver) for the tests, run in its own Node process: s3rver signs ListObjectsV2
// continuation tokens with DES, which Node 20's OpenSSL 3 only offers with --openssl-legacy-provider.
// Usage: node --openssl-legacy-provider s3rver-process.cjs DIRECTORY BUCKET...; prints {"port": N} when ready.
const S3rver = require('s3rver');

const [directory, ...buckets] = process.argv.slice(2);
const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
server.run().then(
  ({ port }) => process.stdout.write(`${JSON.stringify({ port })}\n`),
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
