import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { createBrandRepo } from './brand.repo.js';

/** A public key as a JWK (OKP, Ed25519), with its `kid`. */
export interface BrandJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface BrandSigner {
  keyId: string;
  jwk: BrandJwk;
  publicPem: string;
  /** Every key certificates were signed with, the current one included, for verifying older badges. */
  keySet(): Promise<BrandJwk[]>;
  /** Ed25519 signature of the UTF-8 bytes of `text`, base64url. */
  sign(text: string): string;
}

function jwkOf(publicKey: KeyObject): BrandJwk {
  const raw = publicKey.export({ format: 'jwk' });
  if (raw.crv !== 'Ed25519' || !raw.x) throw new Error('a brand signing key must be an Ed25519 key');
  const kid = createHash('sha256').update(raw.x).digest('base64url').slice(0, 16);
  return { kty: 'OKP', crv: 'Ed25519', x: raw.x, kid, alg: 'EdDSA', use: 'sig' };
}

const keyIdOf = (publicPem: string) => jwkOf(createPublicKey(publicPem)).kid;

/**
 * The certificate signer. With a key from the environment (`BRAND_SIGNING_KEY`) the database holds
 * public keys only: a pair it kept before loses its private half, its public half stays in the
 * key set. Without one, a pair is made once and kept in the database, so that a badge signed
 * before a restart still verifies; two processes starting at once keep whichever was stored first.
 */
export function createBrandSigner(db: Db, configuredKey?: string): () => Promise<BrandSigner> {
  let signer: Promise<BrandSigner> | undefined;
  async function load(): Promise<BrandSigner> {
    const repo = createBrandRepo(db);
    let privateKey: KeyObject;
    if (configuredKey) {
      privateKey = createPrivateKey(configuredKey);
      await repo.keepPublicKeyOnly(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(), keyIdOf);
    } else {
      let stored = await repo.storedKeyPair();
      if (!stored) {
        const pair = generateKeyPairSync('ed25519');
        await repo.saveKeyPair(
          pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        );
        stored = await repo.storedKeyPair();
        if (!stored) throw new Error('the brand signing key pair could not be kept');
      }
      privateKey = createPrivateKey(stored.privateKey);
    }
    const publicKey = createPublicKey(privateKey);
    const jwk = jwkOf(publicKey);
    return {
      keyId: jwk.kid,
      jwk,
      publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      keySet: async () => {
        const all = (await repo.publicKeys()).map((pem) => jwkOf(createPublicKey(pem)));
        // The current key first, then the older ones, newest first; each once.
        const older = all.reverse().filter((k) => k.kid !== jwk.kid);
        return [jwk, ...older.filter((k, i) => older.findIndex((o) => o.kid === k.kid) === i)];
      },
      sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64url'),
    };
  }
  return () => {
    signer ??= load().catch((err: unknown) => {
      signer = undefined;
      throw err;
    });
    return signer;
  };
}
