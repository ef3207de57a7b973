/** The part of des.js (no bundled types) that src/web/crypto.ts uses. */
declare module 'des.js' {
  interface CipherOptions {
    type: 'encrypt' | 'decrypt';
    key: number[];
    iv?: number[];
    padding?: boolean;
  }
  interface Cipher {
    update(data: number[]): number[];
    final(): number[];
  }
  interface CipherClass {
    create(options: CipherOptions): Cipher;
  }
  const des: {
    DES: CipherClass;
    EDE: CipherClass;
    CBC: { instantiate(base: CipherClass): CipherClass };
  };
  export default des;
}
