// Diagnostics of the publish step: configuration, verification before sending, and what targets answer.
// Messages never carry a secret: they name the environment variable that holds it, never its value.

import { counted as n } from '../diagnostics/lang.js';
import { PACKAGE_FORMATS } from '../config/schema.js';
import { definePhrases, defineRules, say } from '../diagnostics/rules.js';

const q = (s: string | number | undefined) => `“${s ?? ''}”`;
/** `1 error`, `2 errors`: English counts agree with their noun (Indonesian nouns do not change). */
/** Seconds as people write them: `1.5` in English, `1,5` in Indonesian. */
const secondsEn = (v: unknown) => String(v);
const secondsId = (v: unknown) => String(v).replace('.', ',');
const withCode = (d: { code?: unknown }) => (d.code ? ` ${d.code}` : '');

/** Why a request got no usable answer (`reason` of publish-unreachable; retry.ts `noAnswer` decides). */
export const noAnswerReasons = definePhrases({
  'http-status': { id: (d) => `server menjawab HTTP ${d.status}${withCode(d)}`, en: (d) => `the server answered HTTP ${d.status}${withCode(d)}` },
  'connect-timeout': {
    id: (d) => `tidak tersambung dalam ${secondsId(d.seconds)} detik (connect_timeout)`,
    en: (d) => `no connection within ${secondsEn(d.seconds)} s (connect_timeout)`,
  },
  'response-timeout': {
    id: (d) => `tidak ada jawaban dalam ${secondsId(d.seconds)} detik (response_timeout)`,
    en: (d) => `no answer within ${secondsEn(d.seconds)} s (response_timeout)`,
  },
  'idle-timeout': {
    id: (d) => `tidak ada data bergerak selama ${secondsId(d.seconds)} detik (idle_timeout)`,
    en: (d) => `no data moved for ${secondsEn(d.seconds)} s (idle_timeout)`,
  },
  closed: { id: () => 'server menutup koneksi tanpa menjawab', en: () => 'the server closed the connection without answering' },
  'closed-mid-answer': { id: () => 'server menutup koneksi di tengah jawabannya', en: () => 'the server closed the connection in the middle of its answer' },
  refused: { id: (d) => `koneksi ditolak (${d.code})`, en: (d) => `the connection was refused (${d.code})` },
  reset: { id: (d) => `server memutus koneksi (${d.code})`, en: (d) => `the server closed the connection (${d.code})` },
  'host-not-found': { id: (d) => `nama host tidak ditemukan (${d.code})`, en: (d) => `the host name was not found (${d.code})` },
  network: { id: (d) => `permintaan gagal: ${q(String(d.detail ?? d.code ?? ''))}`, en: (d) => `the request failed: ${q(String(d.detail ?? d.code ?? ''))}` },
});

/** What is wrong with a URL or setting of a target (`problem` of publish-config-invalid). */
export const configProblems = definePhrases({
  'port-out-of-range': { id: (d) => `port ${d.port} bukan nomor port (1–65535)`, en: (d) => `port ${d.port} is not a port (1–65535)` },
  'space-in-url': { id: (d) => `${q(String(d.value))} bukan URL (mengandung spasi)`, en: (d) => `${q(String(d.value))} is not a URL (it contains a space)` },
  'not-a-url': { id: (d) => `${q(String(d.value))} bukan URL`, en: (d) => `${q(String(d.value))} is not a URL` },
  'not-http': { id: (d) => `${q(String(d.value))} bukan URL http(s)`, en: (d) => `${q(String(d.value))} is not an http(s) URL` },
  'no-host': { id: (d) => `${q(String(d.value))} tidak memiliki nama host`, en: (d) => `${q(String(d.value))} has no host` },
  'lookup-needs-url': { id: () => '`lookup` memerlukan URL `lookup:` pada tujuan ini', en: () => '`lookup` needs a `lookup:` URL on this target' },
});

/** How the target's copy was checked against the local sha256 (`checked`; plan.ts ContentCheck). */
export const contentChecks = definePhrases({
  downloaded: { id: () => 'diunduh dan di-hash ulang', en: () => 'downloaded and hashed again' },
  'server-index': { id: () => 'menurut indeks hash server (lookup)', en: () => 'by the server’s hash index (lookup)' },
  metadata: { id: () => 'menurut sha256 di metadata objek', en: () => 'by the sha256 in the object’s metadata' },
  'signed-payload': { id: () => 'server mencocokkan sha256 yang ditandatangani setiap permintaan', en: () => 'the server matched the sha256 each request was signed with' },
  'size-only': { id: () => 'hanya ukuran dan hash yang dicatat', en: () => 'by the recorded hash and size only' },
});

export const rules = defineRules({
  'publish-literal-secret': {
    severity: 'error',
    message: {
      id: (d) => `${q(d.key)} berisi rahasia yang ditulis langsung di konfigurasi.`,
      en: (d) => `${q(d.key)} holds a secret written directly in the configuration.`,
    },
    hint: {
      id: (d) => `Simpan rahasia di variabel lingkungan dan tulis rujukannya saja, mis. \`${d.field}: \${${d.suggestion}}\`; ganti juga rahasia yang sudah tertulis, karena berkas ini mungkin sudah dibagikan.`,
      en: (d) => `Keep the secret in an environment variable and write only a reference, e.g. \`${d.field}: \${${d.suggestion}}\`; also rotate the secret, as this file may already have been shared.`,
    },
  },
  'publish-missing-secret': {
    severity: 'error',
    message: {
      id: (d) => `Variabel lingkungan ${q(d.variable)} (untuk ${q(d.key)}) belum diisi.`,
      en: (d) => `Environment variable ${q(d.variable)} (for ${q(d.key)}) is not set.`,
    },
    hint: {
      id: (d) => `Isi sebelum menjalankan: \`export ${d.variable}=…\`, atau di CI sebagai secret.`,
      en: (d) => `Set it before running: \`export ${d.variable}=…\`, or as a secret in CI.`,
    },
  },
  'publish-config-invalid': {
    severity: 'error',
    message: {
      id: (d) => `Konfigurasi publish tidak sah di ${q(d.key)}: ${say(configProblems, d.problem, 'id', d)}.`,
      en: (d) => `Invalid publish configuration at ${q(d.key)}: ${say(configProblems, d.problem, 'en', d)}.`,
    },
    hint: {
      id: () => 'Lihat docs/publishing.md untuk contoh bagian `publish:` di ajar.yaml.',
      en: () => 'See docs/publishing.md for an example `publish:` section of ajar.yaml.',
    },
  },
  'publish-no-config': {
    severity: 'error',
    message: {
      id: (d) => `Tidak ada tujuan publikasi: ${q(d.file)} tidak memuat bagian \`publish:\`.`,
      en: (d) => `No publish targets: ${q(d.file)} has no \`publish:\` section.`,
    },
    hint: {
      id: () => 'Tambahkan `publish: { targets: { nama: { type: s3, … } } }` ke ajar.yaml, atau tunjuk berkas lain dengan --config.',
      en: () => 'Add `publish: { targets: { name: { type: s3, … } } }` to ajar.yaml, or point at another file with --config.',
    },
  },
  'publish-unknown-target': {
    severity: 'error',
    message: { id: (d) => `Tujuan ${q(d.target)} tidak ada di konfigurasi.`, en: (d) => `Target ${q(d.target)} is not in the configuration.` },
    hint: { id: (d) => `Tujuan yang ada: ${d.known}.`, en: (d) => `Known targets: ${d.known}.` },
  },
  'publish-choose-target': {
    severity: 'error',
    message: {
      id: (d) => `Ada beberapa tujuan (${d.known}); pilih satu dengan --target.`,
      en: (d) => `There are several targets (${d.known}); choose one with --target.`,
    },
    hint: {
      id: () => 'Atau tetapkan `publish.default` di ajar.yaml.',
      en: () => 'Or set `publish.default` in ajar.yaml.',
    },
  },
  'publish-no-packages': {
    severity: 'error',
    message: { id: (d) => `Tidak ada paket .zip untuk diterbitkan di ${q(d.target)}.`, en: (d) => `No .zip packages to publish in ${q(d.target)}.` },
    hint: {
      id: () => 'Jalankan `ajar build` dahulu, lalu `ajar publish dist/*.zip --target …`.',
      en: () => 'Run `ajar build` first, then `ajar publish dist/*.zip --target …`.',
    },
  },
  'publish-bad-package-name': {
    severity: 'error',
    // A package publish cannot identify is a usage problem: nothing is sent (exit 2).
    class: 'configuration',
    message: {
      id: (d) => `Nama paket ${q(d.target)} tidak berbentuk <id-kursus>-<versi>-<format>.zip.`,
      en: (d) => `Package name ${q(d.target)} is not of the form <course-id>-<version>-<format>.zip.`,
    },
    hint: {
      id: () => `Terbitkan paket keluaran \`ajar build\` tanpa mengganti namanya (format: ${PACKAGE_FORMATS.join(', ')}).`,
      en: () => `Publish the packages \`ajar build\` writes without renaming them (formats: ${PACKAGE_FORMATS.join(', ')}).`,
    },
  },
  'publish-build-failed': {
    severity: 'error',
    message: {
      id: (d) => `Kursus ${q(d.target)} belum dapat dibangun (${d.count} galat), jadi tidak ada yang diterbitkan.`,
      en: (d) => `Course ${q(d.target)} cannot be built yet (${n(d.count, 'error')}), so nothing is published.`,
    },
    hint: { id: () => 'Perbaiki galat di atas (lihat juga `ajar check`), lalu jalankan lagi.', en: () => 'Fix the errors above (see also `ajar check`), then run again.' },
  },
  'publish-verify-failed': {
    severity: 'error',
    message: {
      id: (d) => `Paket ${q(d.target)} tidak lolos verifikasi (${d.count} galat) dan tidak dikirim.`,
      en: (d) => `Package ${q(d.target)} failed verification (${n(d.count, 'error')}) and was not sent.`,
    },
    hint: {
      id: (d) => `Lihat rinciannya dengan \`ajar verify ${d.target}\`.`,
      en: (d) => `See the details with \`ajar verify ${d.target}\`.`,
    },
  },
  'publish-version-conflict': {
    severity: 'error',
    message: {
      id: (d) => `${q(d.destination)} di tujuan ${q(d.target)} sudah berisi versi ${d.version} dengan isi berbeda.`,
      en: (d) => `${q(d.destination)} on target ${q(d.target)} already holds version ${d.version} with different content.`,
    },
    hint: {
      id: () => 'Naikkan `version` kursus di syllabus.md lalu bangun ulang; atau timpa dengan sengaja memakai --force.',
      en: () => 'Raise the course `version` in syllabus.md and build again; or overwrite on purpose with --force.',
    },
  },
  'publish-auth-failed': {
    severity: 'error',
    message: {
      id: (d) => `Tujuan ${q(d.target)} menolak kredensial (HTTP ${d.status}${d.code ? ' ' + d.code : ''}).`,
      en: (d) => `Target ${q(d.target)} rejected the credentials (HTTP ${d.status}${d.code ? ' ' + d.code : ''}).`,
    },
    hint: {
      id: (d) => (d.variables ? `Periksa nilai ${d.variables} di lingkungan dan hak aksesnya pada ${q(d.where)}.` : `Periksa kredensial tujuan ini dan hak aksesnya pada ${q(d.where)}.`),
      en: (d) => (d.variables ? `Check ${d.variables} in the environment and its permissions on ${q(d.where)}.` : `Check the target’s credentials and their permissions on ${q(d.where)}.`),
    },
  },
  'publish-rejected': {
    severity: 'error',
    message: {
      id: (d) => `Tujuan ${q(d.target)} menolak ${q(d.destination)}: HTTP ${d.status}${d.code ? ' ' + d.code : ''}.`,
      en: (d) => `Target ${q(d.target)} rejected ${q(d.destination)}: HTTP ${d.status}${d.code ? ' ' + d.code : ''}.`,
    },
    hint: {
      id: (d) => `Permintaan ini tidak diulang. ${d.detail ? 'Keterangan server: ' + d.detail : 'Periksa endpoint, bucket, dan batas ukuran di server.'}`,
      en: (d) => `This request is not retried. ${d.detail ? 'Server said: ' + d.detail : 'Check the endpoint, bucket and the size limits on the server.'}`,
    },
  },
  'publish-unreachable': {
    severity: 'error',
    message: {
      id: (d) => `Pengiriman ${q(d.destination)} ke ${q(d.target)} gagal setelah ${d.attempts} percobaan: ${say(noAnswerReasons, d.reason, 'id', d)}.`,
      en: (d) => `Sending ${q(d.destination)} to ${q(d.target)} failed after ${n(d.attempts, 'attempt')}: ${say(noAnswerReasons, d.reason, 'en', d)}.`,
    },
    hint: {
      id: () => 'Periksa jaringan dan server, lalu jalankan perintah yang sama lagi: unggahan tus dilanjutkan dari titik terakhir, yang sudah terkirim tidak dikirim ulang.',
      en: () => 'Check the network and the server, then run the same command again: tus uploads resume where they stopped, and what was sent is not sent again.',
    },
  },
  'publish-latest-newer': {
    severity: 'warning',
    message: {
      id: (d) => `${q(d.destination)} di tujuan ${q(d.target)} tetap menunjuk versi ${d.newer} yang lebih baru; versi ${d.version} hanya diterbitkan di kunci rilisnya.`,
      en: (d) => `${q(d.destination)} on target ${q(d.target)} stays at the newer version ${d.newer}; version ${d.version} is published under its release key only.`,
    },
    hint: {
      id: () => 'Kunci tetap (latest) hanya bergerak maju. Untuk menerbitkan versi ini sebagai yang terbaru, naikkan `version` kursus lalu bangun ulang.',
      en: () => 'The stable (latest) key only moves forward. To make this the latest release, raise the course `version` and build again.',
    },
  },
  'publish-no-bucket': {
    severity: 'error',
    message: {
      id: (d) => `Bucket ${q(d.bucket)} tujuan ${q(d.target)} tidak ada; tidak ada yang dikirim.`,
      en: (d) => `Bucket ${q(d.bucket)} of target ${q(d.target)} does not exist; nothing was sent.`,
    },
    hint: {
      id: () => 'Periksa `bucket` dan `endpoint` di ajar.yaml, atau buat bucket itu lebih dahulu.',
      en: () => 'Check `bucket` and `endpoint` in ajar.yaml, or create the bucket first.',
    },
  },
  'publish-quota-exceeded': {
    severity: 'error',
    message: {
      id: (d) => `Tujuan ${q(d.target)} menolak ${q(d.destination)}: kuota penyimpanan penuh (HTTP 403 QuotaExceeded).`,
      en: (d) => `Target ${q(d.target)} refused ${q(d.destination)}: its storage quota is full (HTTP 403 QuotaExceeded).`,
    },
    hint: {
      id: (d) => `Kredensialnya benar. Kosongkan ruang atau minta kuota lebih besar untuk ${q(d.where)}, lalu jalankan lagi.`,
      en: (d) => `The credentials are fine. Free space or ask for a larger quota on ${q(d.where)}, then run again.`,
    },
  },
  'publish-clock-skew': {
    severity: 'error',
    message: {
      id: (d) => `Tujuan ${q(d.target)} menolak permintaan karena jam komputer ini berbeda terlalu jauh dari jam server (HTTP 403 RequestTimeTooSkewed).`,
      en: (d) => `Target ${q(d.target)} refused the requests because this computer's clock is too far from the server's (HTTP 403 RequestTimeTooSkewed).`,
    },
    hint: {
      id: () => 'Kredensialnya benar. Setel jam (mis. aktifkan NTP: `timedatectl set-ntp true`), lalu jalankan lagi.',
      en: () => 'The credentials are fine. Set the clock (e.g. enable NTP: `timedatectl set-ntp true`), then run again.',
    },
  },
  'publish-server-copy-differs': {
    severity: 'warning',
    message: {
      id: (d) => `Salinan di tujuan ${q(d.target)} (${q(d.destination)}) berbeda isinya dari paket lokal walau ukurannya sama; paket dikirim ulang.`,
      en: (d) => `The copy on target ${q(d.target)} (${q(d.destination)}) differs in content from the local package although its size matches; the package is sent again.`,
    },
    hint: {
      id: () => 'Penyimpanan server mungkin rusak, atau isinya berubah di jalan saat dulu dikirim (lihat publish-server-copy-corrupt); periksa disk server MOOC dan proxy di antaranya.',
      en: () => 'The server’s storage may be damaged, or the bytes changed on the way when it was sent (see publish-server-copy-corrupt); check the MOOC server’s disk and the proxies in between.',
    },
  },
  'publish-server-copy-corrupt': {
    severity: 'error',
    message: {
      id: (d) => `Salinan ${q(d.destination)} di tujuan ${q(d.target)} tidak sama dengan yang dikirim (${say(contentChecks, d.checked, 'id', d)}): isinya berubah di jalan atau di server.`,
      en: (d) => `The copy of ${q(d.destination)} on target ${q(d.target)} does not match what was sent (${say(contentChecks, d.checked, 'en', d)}): the bytes changed on the way or on the server.`,
    },
    hint: {
      id: () => 'Paket ini tidak dianggap terbit. Jalankan perintah yang sama lagi: paket dikirim ulang. Bila berulang, periksa proxy di antara komputer ini dan server (endpoint HTTPS melindungi isi di jalan) dan disk server.',
      en: () => 'This package does not count as published. Run the same command again: it is sent again. If it happens again, check the proxies between here and the server (an HTTPS endpoint protects the bytes on the way) and the server’s disk.',
    },
  },
  'publish-changed-in-transit': {
    severity: 'error',
    message: {
      id: (d) => `Tujuan ${q(d.target)} menolak ${q(d.destination)}: isi yang diterimanya bukan isi yang dikirim (HTTP ${d.status}${withCode(d)}); tidak ada yang disimpan.`,
      en: (d) => `Target ${q(d.target)} refused ${q(d.destination)}: the bytes it received are not the bytes sent (HTTP ${d.status}${withCode(d)}); nothing was stored.`,
    },
    hint: {
      id: () => 'Jalankan perintah yang sama lagi: paket dikirim ulang. Bila berulang, periksa proxy di antara komputer ini dan server (endpoint HTTPS melindungi isi di jalan).',
      en: () => 'Run the same command again: it is sent again. If it happens again, check the proxies between here and the server (an HTTPS endpoint protects the bytes on the way).',
    },
  },
  'publish-cannot-verify': {
    severity: 'warning',
    message: {
      id: (d) => `Tujuan ${q(d.target)} tidak memberikan kembali ${q(d.destination)} (HTTP ${d.status}), jadi isinya tidak dapat diperiksa; berkas itu dianggap ada hanya menurut hash yang dicatat dan ukurannya.`,
      en: (d) => `Target ${q(d.target)} does not serve ${q(d.destination)} back (HTTP ${d.status}), so its content could not be checked; it counts as there by its recorded hash and size only.`,
    },
    hint: {
      id: () => 'Pasang indeks hash sisi server (`lookup:`) dengan `verify_unchanged: lookup`, atau tulis `verify_unchanged: none` untuk menerima batas ini tanpa peringatan.',
      en: () => 'Set up a server-side hash index (`lookup:`) with `verify_unchanged: lookup`, or write `verify_unchanged: none` to accept this limit without a warning.',
    },
  },
  'publish-no-answer': {
    severity: 'error',
    message: {
      id: () => 'Publikasi berhenti tanpa jawaban dari jaringan.',
      en: () => 'Publishing stopped without an answer from the network.',
    },
    hint: {
      id: () => 'Periksa endpoint dan jaringan, lalu jalankan lagi; laporkan ini bersama --debug, karena setiap permintaan seharusnya berbatas waktu.',
      en: () => 'Check the endpoint and the network, then run again; please report this with --debug, as every request should be bounded in time.',
    },
  },
  'publish-unexpected': {
    severity: 'error',
    message: {
      id: (d) => `Publikasi gagal karena galat tak terduga: ${q(d.detail as string)}.`,
      en: (d) => `Publishing failed with an unexpected error: ${q(d.detail as string)}.`,
    },
    hint: {
      id: () => 'Jalankan lagi; yang sudah terkirim tidak dikirim ulang. Bila berulang, laporkan dengan --debug.',
      en: () => 'Run again; what was sent is not sent again. If it happens again, report it with --debug.',
    },
  },
  'publish-media-unsupported': {
    severity: 'info',
    message: {
      id: (d) => `Tujuan ${q(d.target)} (tus) hanya menerima paket; ${d.count} berkas media eksternal tidak dikirim ke sana.`,
      en: (d) => `Target ${q(d.target)} (tus) takes packages only; ${n(d.count, 'external media file')} ${Number(d.count) === 1 ? 'is' : 'are'} not sent there.`,
    },
    hint: {
      id: () => 'Terbitkan media eksternal ke tujuan bertipe s3.',
      en: () => 'Publish external media to a target of type s3.',
    },
  },
  'publish-state-unreadable': {
    severity: 'warning',
    message: {
      id: (d) => `Berkas status publikasi ${q(d.target)} tidak dapat dibaca dan diabaikan.`,
      en: (d) => `Publish state file ${q(d.target)} cannot be read and is ignored.`,
    },
    hint: {
      id: () => 'Unggahan tus yang terputus akan dimulai dari awal; hapus berkas itu agar peringatan ini hilang.',
      en: () => 'Interrupted tus uploads will start over; delete the file to silence this warning.',
    },
  },
}, { reason: noAnswerReasons, problem: configProblems, checked: contentChecks });
