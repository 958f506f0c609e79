import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { createBrandRepo } from './brand.repo.js';

export interface BrandSigner {
  keyId: string;
  /** The public key as a JWK (OKP, Ed25519), with its `kid`. */
  jwk: { kty: string; crv: string; x: string; kid: string; alg: 'EdDSA'; use: 'sig' };
  publicPem: string;
  /** Ed25519 signature of the UTF-8 bytes of `text`, base64url. */
  sign(text: string): string;
}

/**
 * The certificate signer. The key pair is made once and kept in the database, so that a badge
 * signed before a restart still verifies with the published key; two processes starting at once
 * keep whichever key was stored first.
 */
export function createBrandSigner(db: Db): () => Promise<BrandSigner> {
  let signer: Promise<BrandSigner> | undefined;
  async function load(): Promise<BrandSigner> {
    const repo = createBrandRepo(db);
    let stored = await repo.signingKey();
    if (!stored) {
      const pair = generateKeyPairSync('ed25519');
      await repo.saveSigningKey(
        pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      );
      stored = (await repo.signingKey())!;
    }
    const privateKey: KeyObject = createPrivateKey(stored.privateKey);
    const publicKey = createPublicKey(stored.publicKey);
    const raw = publicKey.export({ format: 'jwk' });
    const keyId = createHash('sha256').update(raw.x!).digest('base64url').slice(0, 16);
    return {
      keyId,
      jwk: { kty: raw.kty!, crv: raw.crv!, x: raw.x!, kid: keyId, alg: 'EdDSA', use: 'sig' },
      publicPem: stored.publicKey,
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
