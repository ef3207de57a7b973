;; HMAC-SHA-512 iteration kernel for DPAPI's PBKDF2 variant (src/dpapi/dpapi-pbkdf2.ts): FIPS 180-4 SHA-512 on
;; 64-bit words, so the 17,400 rounds of a master key run without a call into node:crypto per round.
;; Memory (i64 words, native order; byte order is converted in JS): K 0, IV 640, inner 704, outer 768, acc 832,
;; state 896, W 960 (80 words). Build: npm run build:wasm (wat2wasm) writes src/dpapi/hmac-sha512-wasm.ts.
(module
  (memory (export "memory") 1)
  ;; K, the 80 round constants (FIPS 180-4 §4.2.3), and IV, the initial hash value (§5.3.5), as little-endian i64.
  (data (i32.const 0) "\22\ae\28\d7\98\2f\8a\42\cd\65\ef\23\91\44\37\71\2f\3b\4d\ec\cf\fb\c0\b5\bc\db\89\81\a5\db\b5\e9\38\b5\48\f3\5b\c2\56\39\19\d0\05\b6\f1\11\f1\59\9b\4f\19\af\a4\82\3f\92\18\81\6d\da\d5\5e\1c\ab\42\02\03\a3\98\aa\07\d8\be\6f\70\45\01\5b\83\12\8c\b2\e4\4e\be\85\31\24\e2\b4\ff\d5\c3\7d\0c\55\6f\89\7b\f2\74\5d\be\72\b1\96\16\3b\fe\b1\de\80\35\12\c7\25\a7\06\dc\9b\94\26\69\cf\74\f1\9b\c1\d2\4a\f1\9e\c1\69\9b\e4\e3\25\4f\38\86\47\be\ef\b5\d5\8c\8b\c6\9d\c1\0f\65\9c\ac\77\cc\a1\0c\24\75\02\2b\59\6f\2c\e9\2d\83\e4\a6\6e\aa\84\74\4a\d4\fb\41\bd\dc\a9\b0\5c\b5\53\11\83\da\88\f9\76\ab\df\66\ee\52\51\3e\98\10\32\b4\2d\6d\c6\31\a8\3f\21\fb\98\c8\27\03\b0\e4\0e\ef\be\c7\7f\59\bf\c2\8f\a8\3d\f3\0b\e0\c6\25\a7\0a\93\47\91\a7\d5\6f\82\03\e0\51\63\ca\06\70\6e\0e\0a\67\29\29\14\fc\2f\d2\46\85\0a\b7\27\26\c9\26\5c\38\21\1b\2e\ed\2a\c4\5a\fc\6d\2c\4d\df\b3\95\9d\13\0d\38\53\de\63\af\8b\54\73\0a\65\a8\b2\77\3c\bb\0a\6a\76\e6\ae\ed\47\2e\c9\c2\81\3b\35\82\14\85\2c\72\92\64\03\f1\4c\a1\e8\bf\a2\01\30\42\bc\4b\66\1a\a8\91\97\f8\d0\70\8b\4b\c2\30\be\54\06\a3\51\6c\c7\18\52\ef\d6\19\e8\92\d1\10\a9\65\55\24\06\99\d6\2a\20\71\57\85\35\0e\f4\b8\d1\bb\32\70\a0\6a\10\c8\d0\d2\b8\16\c1\a4\19\53\ab\41\51\08\6c\37\1e\99\eb\8e\df\4c\77\48\27\a8\48\9b\e1\b5\bc\b0\34\63\5a\c9\c5\b3\0c\1c\39\cb\8a\41\e3\4a\aa\d8\4e\73\e3\63\77\4f\ca\9c\5b\a3\b8\b2\d6\f3\6f\2e\68\fc\b2\ef\5d\ee\82\8f\74\60\2f\17\43\6f\63\a5\78\72\ab\f0\a1\14\78\c8\84\ec\39\64\1a\08\02\c7\8c\28\1e\63\23\fa\ff\be\90\e9\bd\82\de\eb\6c\50\a4\15\79\c6\b2\f7\a3\f9\be\2b\53\72\e3\f2\78\71\c6\9c\61\26\ea\ce\3e\27\ca\07\c2\c0\21\c7\b8\86\d1\1e\eb\e0\cd\d6\7d\da\ea\78\d1\6e\ee\7f\4f\7d\f5\ba\6f\17\72\aa\67\f0\06\a6\98\c8\a2\c5\7d\63\0a\ae\0d\f9\be\04\98\3f\11\1b\47\1c\13\35\0b\71\1b\84\7d\04\23\f5\77\db\28\93\24\c7\40\7b\ab\ca\32\bc\be\c9\15\0a\be\9e\3c\4c\0d\10\9c\c4\67\1d\43\b6\42\3e\cb\be\d4\c5\4c\2a\7e\65\fc\9c\29\7f\59\ec\fa\d6\3a\ab\6f\cb\5f\17\58\47\4a\8c\19\44\6c")
  (data (i32.const 640) "\08\c9\bc\f3\67\e6\09\6a\3b\a7\ca\84\85\ae\67\bb\2b\f8\94\fe\72\f3\6e\3c\f1\36\1d\5f\3a\f5\4f\a5\d1\82\e6\ad\7f\52\0e\51\1f\6c\3e\2b\8c\68\05\9b\6b\bd\41\fb\ab\d9\83\1f\79\21\7e\13\19\cd\e0\5b")

  ;; state[0..8] += compress(state, W[0..16]); W[16..80] is expanded in place.
  (func $compress (param $s i32)
    (local $t i32) (local $p i32) (local $x i64) (local $y i64) (local $t1 i64)
    (local $a i64) (local $b i64) (local $c i64) (local $d i64) (local $e i64) (local $f i64) (local $g i64) (local $h i64)
    (local.set $t (i32.const 16))
    (loop $expand
      (local.set $p (i32.add (i32.const 960) (i32.shl (local.get $t) (i32.const 3))))
      (local.set $x (i64.load (i32.sub (local.get $p) (i32.const 16))))
      (local.set $y (i64.load (i32.sub (local.get $p) (i32.const 120))))
      (i64.store (local.get $p)
        (i64.add
          (i64.add
            (i64.xor (i64.xor (i64.rotr (local.get $x) (i64.const 19)) (i64.rotr (local.get $x) (i64.const 61))) (i64.shr_u (local.get $x) (i64.const 6)))
            (i64.load (i32.sub (local.get $p) (i32.const 56))))
          (i64.add
            (i64.xor (i64.xor (i64.rotr (local.get $y) (i64.const 1)) (i64.rotr (local.get $y) (i64.const 8))) (i64.shr_u (local.get $y) (i64.const 7)))
            (i64.load (i32.sub (local.get $p) (i32.const 128))))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br_if $expand (i32.lt_u (local.get $t) (i32.const 80))))
    (local.set $a (i64.load offset=0 (local.get $s)))
    (local.set $b (i64.load offset=8 (local.get $s)))
    (local.set $c (i64.load offset=16 (local.get $s)))
    (local.set $d (i64.load offset=24 (local.get $s)))
    (local.set $e (i64.load offset=32 (local.get $s)))
    (local.set $f (i64.load offset=40 (local.get $s)))
    (local.set $g (i64.load offset=48 (local.get $s)))
    (local.set $h (i64.load offset=56 (local.get $s)))
    ;; Eight rounds per pass, the working variables renamed round by round instead of moved (FIPS 180-4 §6.4.2).
    (local.set $p (i32.const 0))
    (loop $round
      ;; T1 = h + Σ1(e) + Ch(e, f, g) + K[t+0] + W[t+0]; d += T1; h = T1 + Σ0(a) + Maj(a, b, c)
      (local.set $t1
        (i64.add
          (i64.add
            (i64.add (local.get $h)
              (i64.xor (i64.xor (i64.rotr (local.get $e) (i64.const 14)) (i64.rotr (local.get $e) (i64.const 18))) (i64.rotr (local.get $e) (i64.const 41))))
            (i64.xor (local.get $g) (i64.and (local.get $e) (i64.xor (local.get $f) (local.get $g)))))
          (i64.add (i64.load offset=0 (local.get $p)) (i64.load offset=960 (local.get $p)))))
      (local.set $d (i64.add (local.get $d) (local.get $t1)))
      (local.set $h
        (i64.add (local.get $t1)
          (i64.add
            (i64.xor (i64.xor (i64.rotr (local.get $a) (i64.const 28)) (i64.rotr (local.get $a) (i64.const 34))) (i64.rotr (local.get $a) (i64.const 39)))
            (i64.or (i64.and (local.get $a) (local.get $b)) (i64.and (local.get $c) (i64.or (local.get $a) (local.get $b)))))))
      ;; T1 = g + Σ1(d) + Ch(d, e, f) + K[t+1] + W[t+1]; c += T1; g = T1 + Σ0(h) + Maj(h, a, b)
      (local.set $t1
        (i64.add
          (i64.add
            (i64.add (local.get $g)
              (i64.xor (i64.xor (i64.rotr (local.get $d) (i64.const 14)) (i64.rotr (local.get $d) (i64.const 18))) (i64.rotr (local.get $d) (i64.const 41))))
            (i64.xor (local.get $f) (i64.and (local.get $d) (i64.xor (local.get $e) (local.get $f)))))
          (i64.add (i64.load offset=8 (local.get $p)) (i64.load offset=968 (local.get $p)))))
      (local.set $c (i64.add (local.get $c) (local.get $t1)))
      (local.set $g
        (i64.add (local.get $t1)
          (i64.add
            (i64.xor (i64.xor (i64.rotr (local.get $h) (i64.const 28)) (i64.rotr (local.get $h) (i64.const 34))) (i64.rotr (local.get $h) (i64.const 39)))
            (i64.or (i64.and (local.get $h) (local.get $a)) (i64.and (local.get $b) (i64.or (local.get $h) (local.get $a)))))))
      ;; T1 = f + Σ1(c) + Ch(c, d, e) + K[t+2] + W[t+2]; b += T1; f = T1 + Σ0(g) + Maj(g, h, a)
      (local.set $t1
        (i64.add
          (i64.add
            (i64.add (local.get $f)
              (i64.xor (i64.xor (i64.rotr (local.get $c) (i64.const 14)) (i64.rotr (local.get $c) (i64.const 18))) (i64.rotr (local.get $c) (i64.const 41))))
            (i64.xor (local.get $e) (i64.and (local.get $c) (i64.xor (local.get $d) (local.get $e)))))
          (i64.add (i64.load offset=16 (local.get $p)) (i64.load offset=976 (local.get $p)))))
      (local.set $b (i64.add (local.get $b) (local.get $t1)))
      (local.set $f
        (i64.add (local.get $t1)
          (i64.add
            (i64.xor (i64.xor (i64.rotr (local.get $g) (i64.const 28)) (i64.rotr (local.get $g) (i64.const 34))) (i64.rotr (local.get $g) (i64.const 39)))
            (i64.or (i64.and (local.get $g) (local.get $h)) (i64.and (local.get $a) (i64.or (local.get $g) (local.get $h)))))))
      ;; T1 = e + Σ1(b) + Ch(b, c, d) + K[t+3] + W[t+3]; a += T1; e = T1 + Σ0(f) + Maj(f, g, h)
      (local.set $t1
        (i64.add
          (i64.add
            (i64.add (local.get $e)
              (i64.xor (i64.xor (i64.rotr (local.get $b) (i64.const 14)) (i64.rotr (local.get $b) (i64.const 18))) (i64.rotr (local.get $b) (i64.const 41))))
            (i64.xor (local.get $d) (i64.and (local.get $b) (i64.xor (local.get $c) (local.get $d)))))
          (i64.add (i64.load offset=24 (local.get $p)) (i64.load offset=984 (local.get $p)))))
      (local.set $a (i64.add (local.get $a) (local.get $t1)))
      (local.set $e
        (i64.add (local.get $t1)
          (i64.add
            (i64.xor (i64.xor (i64.rotr (local.get $f) (i64.const 28)) (i64.rotr (local.get $f) (i64.const 34))) (i64.rotr (local.get $f) (i64.const 39)))
            (i64.or (i64.and (local.get $f) (local.get $g)) (i64.and (local.get $h) (i64.or (local.get $f) (local.get $g)))))))
      ;; T1 = d + Σ1(a) + Ch(a, b, c) + K[t+4] + W[t+4]; h += T1; d = T1 + Σ0(e) + Maj(e, f, g)
      (local.set $t1
        (i64.add
          (i64.add
            (i64.add (local.get $d)
              (i64.xor (i64.xor (i64.rotr (local.get $a) (i64.const 14)) (i64.rotr (local.get $a) (i64.const 18))) (i64.rotr (local.get $a) (i64.const 41))))
            (i64.xor (local.get $c) (i64.and (local.get $a) (i64.xor (local.get $b) (local.get $c)))))
          (i64.add (i64.load offset=32 (local.get $p)) (i64.load offset=992 (local.get $p)))))
      (local.set $h (i64.add (local.get $h) (local.get $t1)))
      (local.set $d
        (i64.add (local.get $t1)
          (i64.add
            (i64.xor (i64.xor (i64.rotr (local.get $e) (i64.const 28)) (i64.rotr (local.get $e) (i64.const 34))) (i64.rotr (local.get $e) (i64.const 39)))
            (i64.or (i64.and (local.get $e) (local.get $f)) (i64.and (local.get $g) (i64.or (local.get $e) (local.get $f)))))))
      ;; T1 = c + Σ1(h) + Ch(h, a, b) + K[t+5] + W[t+5]; g += T1; c = T1 + Σ0(d) + Maj(d, e, f)
      (local.set $t1
        (i64.add
          (i64.add
            (i64.add (local.get $c)
              (i64.xor (i64.xor (i64.rotr (local.get $h) (i64.const 14)) (i64.rotr (local.get $h) (i64.const 18))) (i64.rotr (local.get $h) (i64.const 41))))
            (i64.xor (local.get $b) (i64.and (local.get $h) (i64.xor (local.get $a) (local.get $b)))))
          (i64.add (i64.load offset=40 (local.get $p)) (i64.load offset=1000 (local.get $p)))))
      (local.set $g (i64.add (local.get $g) (local.get $t1)))
      (local.set $c
        (i64.add (local.get $t1)
          (i64.add
            (i64.xor (i64.xor (i64.rotr (local.get $d) (i64.const 28)) (i64.rotr (local.get $d) (i64.const 34))) (i64.rotr (local.get $d) (i64.const 39)))
            (i64.or (i64.and (local.get $d) (local.get $e)) (i64.and (local.get $f) (i64.or (local.get $d) (local.get $e)))))))
      ;; T1 = b + Σ1(g) + Ch(g, h, a) + K[t+6] + W[t+6]; f += T1; b = T1 + Σ0(c) + Maj(c, d, e)
      (local.set $t1
        (i64.add
          (i64.add
            (i64.add (local.get $b)
              (i64.xor (i64.xor (i64.rotr (local.get $g) (i64.const 14)) (i64.rotr (local.get $g) (i64.const 18))) (i64.rotr (local.get $g) (i64.const 41))))
            (i64.xor (local.get $a) (i64.and (local.get $g) (i64.xor (local.get $h) (local.get $a)))))
          (i64.add (i64.load offset=48 (local.get $p)) (i64.load offset=1008 (local.get $p)))))
      (local.set $f (i64.add (local.get $f) (local.get $t1)))
      (local.set $b
        (i64.add (local.get $t1)
          (i64.add
            (i64.xor (i64.xor (i64.rotr (local.get $c) (i64.const 28)) (i64.rotr (local.get $c) (i64.const 34))) (i64.rotr (local.get $c) (i64.const 39)))
            (i64.or (i64.and (local.get $c) (local.get $d)) (i64.and (local.get $e) (i64.or (local.get $c) (local.get $d)))))))
      ;; T1 = a + Σ1(f) + Ch(f, g, h) + K[t+7] + W[t+7]; e += T1; a = T1 + Σ0(b) + Maj(b, c, d)
      (local.set $t1
        (i64.add
          (i64.add
            (i64.add (local.get $a)
              (i64.xor (i64.xor (i64.rotr (local.get $f) (i64.const 14)) (i64.rotr (local.get $f) (i64.const 18))) (i64.rotr (local.get $f) (i64.const 41))))
            (i64.xor (local.get $h) (i64.and (local.get $f) (i64.xor (local.get $g) (local.get $h)))))
          (i64.add (i64.load offset=56 (local.get $p)) (i64.load offset=1016 (local.get $p)))))
      (local.set $e (i64.add (local.get $e) (local.get $t1)))
      (local.set $a
        (i64.add (local.get $t1)
          (i64.add
            (i64.xor (i64.xor (i64.rotr (local.get $b) (i64.const 28)) (i64.rotr (local.get $b) (i64.const 34))) (i64.rotr (local.get $b) (i64.const 39)))
            (i64.or (i64.and (local.get $b) (local.get $c)) (i64.and (local.get $d) (i64.or (local.get $b) (local.get $c)))))))
      (local.set $p (i32.add (local.get $p) (i32.const 64)))
      (br_if $round (i32.lt_u (local.get $p) (i32.const 640))))
    (i64.store offset=0 (local.get $s) (i64.add (i64.load offset=0 (local.get $s)) (local.get $a)))
    (i64.store offset=8 (local.get $s) (i64.add (i64.load offset=8 (local.get $s)) (local.get $b)))
    (i64.store offset=16 (local.get $s) (i64.add (i64.load offset=16 (local.get $s)) (local.get $c)))
    (i64.store offset=24 (local.get $s) (i64.add (i64.load offset=24 (local.get $s)) (local.get $d)))
    (i64.store offset=32 (local.get $s) (i64.add (i64.load offset=32 (local.get $s)) (local.get $e)))
    (i64.store offset=40 (local.get $s) (i64.add (i64.load offset=40 (local.get $s)) (local.get $f)))
    (i64.store offset=48 (local.get $s) (i64.add (i64.load offset=48 (local.get $s)) (local.get $g)))
    (i64.store offset=56 (local.get $s) (i64.add (i64.load offset=56 (local.get $s)) (local.get $h))))

  ;; dst = IV then one block W[0..16] compressed: the state after an HMAC pad block (JS writes W).
  (func (export "padState") (param $dst i32)
    (memory.copy (local.get $dst) (i32.const 640) (i32.const 64))
    (call $compress (local.get $dst)))

  ;; W[0..8] = 8 words at $src, then the padding of a 64-byte message after one 128-byte block (1536 bits).
  (func $message (param $src i32)
    (memory.copy (i32.const 960) (local.get $src) (i32.const 64))
    (i64.store (i32.const 1024) (i64.const 0x8000000000000000))
    (memory.fill (i32.const 1032) (i32.const 0) (i32.const 48))
    (i64.store (i32.const 1080) (i64.const 1536)))

  ;; $n rounds of acc ^= HMAC(key, acc), the key given by its inner and outer pad states.
  (func (export "rounds") (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (call $message (i32.const 832))
        (memory.copy (i32.const 896) (i32.const 704) (i32.const 64))
        (call $compress (i32.const 896))
        (call $message (i32.const 896))
        (memory.copy (i32.const 896) (i32.const 768) (i32.const 64))
        (call $compress (i32.const 896))
        (local.set $i (i32.const 0))
        (loop $xor
          (i64.store offset=832 (local.get $i) (i64.xor (i64.load offset=832 (local.get $i)) (i64.load offset=896 (local.get $i))))
          (local.set $i (i32.add (local.get $i) (i32.const 8)))
          (br_if $xor (i32.lt_u (local.get $i) (i32.const 64))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next))))
)
