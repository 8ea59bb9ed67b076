// Diagnostics of the media stage. Per-file problems are values on that file; the run goes on with the
// other files. A missing or too old ffmpeg stops the command (AjarError carrying one of these).

import { definePhrases, defineRules, say } from '../diagnostics/rules.js';
import { formatBytes } from '../util/progress.js';

const q = (s: string | number | undefined) => `“${s ?? ''}”`;

/** Why a media file cannot be read (media-unreadable `problem`); ffprobe's own words, when it gave any, are `detail`. */
export const unreadableMedia = definePhrases({
  'not-in-course': { id: () => 'berkas tidak ditemukan di dalam folder kursus', en: () => 'file not found inside the course folder' },
  'no-streams': { id: () => 'tidak ada aliran audio atau video', en: () => 'no audio or video streams' },
  'no-duration': { id: () => 'durasinya tidak diketahui atau nol', en: () => 'duration unknown or zero' },
  'probe-failed': { id: () => 'ffprobe tidak dapat membacanya', en: () => 'ffprobe could not read it' },
});
export type UnreadableMedia = keyof typeof unreadableMedia;

/** Why no image variants were made (image-not-optimised `problem`); sharp's own message, when it gave one, is `detail`. */
export const imageProblems = definePhrases({
  'sharp-missing': { id: () => 'sharp tidak tersedia', en: () => 'sharp not available' },
  'no-dimensions': { id: () => 'lebar dan tingginya tidak dapat dibaca', en: () => 'its width and height cannot be read' },
});

const refuse = {
  id: () => 'Berkas ini tidak ditranskode; berkas media lain tetap diproses.',
  en: () => 'This file was not transcoded; the other media files were still processed.',
};

/** What is wrong with a caption cue (caption-syntax `problem`); `data.text` is the line as written. */
export const captionProblems = definePhrases({
  'timing-malformed': { id: (d) => `baris waktu “${d.text}” bukan hh:mm:ss,mmm --> hh:mm:ss,mmm`, en: (d) => `timing line “${d.text}” is not hh:mm:ss,mmm --> hh:mm:ss,mmm` },
  'timing-missing': { id: (d) => `isyarat tanpa baris waktu (“${d.text}”)`, en: (d) => `a cue without a timing line (“${d.text}”)` },
  'cue-number': { id: (d) => `nomor isyarat diharapkan, ditemukan “${d.text}”`, en: (d) => `cue number expected, found “${d.text}”` },
  'over-59': { id: (d) => `detik atau menit di atas 59 (“${d.text}”)`, en: (d) => `seconds or minutes above 59 (“${d.text}”)` },
});

/**
 * Why a tool, a worker or the shared store did not deliver (media-transcode-failed and slides-not-optimised
 * `problem`). The tool's own line, when it gave one, is `detail` instead; `store-failed` and `worker-failed`
 * quote the S3 client's or the worker's error as `detail` after ajar's words.
 */
export const toolProblems = definePhrases({
  'tool-exit': { id: (d) => `${d.tool} berhenti dengan kode ${d.exit}`, en: (d) => `${d.tool} exited with ${d.exit}` },
  'tool-timeout': { id: (d) => `${d.tool} berjalan lebih dari ${d.seconds} detik`, en: (d) => `${d.tool} took longer than ${d.seconds} s` },
  'no-output': { id: (d) => `${d.tool} tidak menulis berkas keluaran`, en: (d) => `${d.tool} wrote no output` },
  'pages-differ': { id: (d) => `jumlah halaman berubah (${d.before} → ${d.after})`, en: (d) => `the page count changed (${d.before} → ${d.after})` },
  'store-failed': { id: (d) => `penyimpanan bersama ${d.store} gagal: ${d.detail}`, en: (d) => `the shared store ${d.store} failed: ${d.detail}` },
  'worker-failed': { id: (d) => `pekerja antrean gagal: ${d.detail}`, en: (d) => `a queue worker failed: ${d.detail}` },
  'not-in-shared-folder': {
    id: (d) => `pekerja membuat rendisinya, tetapi rendisi itu tidak ada di ${q(d.dir)} sebagaimana terlihat dari mesin ini`,
    en: (d) => `a worker made the renditions, but they are not in ${q(d.dir)} as this machine sees it`,
  },
});
export type ToolProblem = keyof typeof toolProblems;

/** Why Redis does not answer (media-queue-unreachable `problem` and the outage line); ioredis's own words are `detail`. */
export const queueProblems = definePhrases({
  'connection-lost': { id: () => 'sambungan terputus', en: () => 'connection lost' },
  'no-answer': { id: (d) => `tidak ada jawaban dalam ${d.seconds} detik`, en: (d) => `no answer within ${d.seconds} s` },
});
export type QueueProblem = keyof typeof queueProblems;

/**
 * Why a queue worker failed a job, as the code it gives BullMQ (its `failedReason`) and the words `ajar worker`
 * prints: the source copy is not in the shared folder as the worker sees it (another mount point and no
 * `--cache-dir`, or the producer that queued the job stopped and took its copy away), or the job is not one
 * `ajar media` makes.
 */
export const SHARED_SOURCE_MISSING = 'shared-source-missing';
/** A job that did not come from `ajar media` (anyone who can write to Redis can add one): refused, never run. */
export const UNSAFE_JOB = 'unsafe-job';
export const workerProblems = definePhrases({
  [UNSAFE_JOB]: {
    id: (d) => `pekerjaan ditolak: kunci atau jalur sumbernya tidak terduga (${q(d.key)}); hanya ajar media yang boleh mengantrekan pekerjaan`,
    en: (d) => `job refused: its key or source path is unexpected (${q(d.key)}); only ajar media may queue jobs`,
  },
  [SHARED_SOURCE_MISSING]: {
    id: (d) => `salinan sumber tidak ada di ${q(d.dir)} sebagaimana terlihat oleh pekerja ini; jalankan ajar worker dengan --cache-dir <folder yang dipakai ajar media>`,
    en: (d) => `the source copy is not in ${q(d.dir)} as this worker sees it; start ajar worker with --cache-dir <the folder ajar media uses>`,
  },
});

/** The fix for a failed transcode depends on what failed: the file, the shared store, or where the workers write. */
const transcodeHints: Record<string, { id: () => string; en: () => string }> = {
  'store-failed': {
    id: () => 'Periksa bucket, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY dan AWS_ENDPOINT_URL (atau AJAR_S3_ENDPOINT), lalu jalankan lagi. Berkas videonya tidak rusak.',
    en: () => 'Check the bucket, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and AWS_ENDPOINT_URL (or AJAR_S3_ENDPOINT), then run again. The video file itself is fine.',
  },
  'not-in-shared-folder': {
    id: () => 'Beri setiap pekerja folder bersama yang sama (`ajar worker --cache-dir <folder>` menunjuk folder yang dipakai `ajar media`), atau gunakan --store s3://… bila mesin tidak berbagi folder.',
    en: () => 'Give every worker the same shared folder (`ajar worker --cache-dir <folder>` pointing at the folder `ajar media` uses), or use --store s3://… when the machines share no folder.',
  },
};

/** A size in bytes as people read it (the data holds the number). */
const bytes = (n: string | number | undefined) => (typeof n === 'number' ? formatBytes(n) : String(n ?? ''));

const q2 = (s: unknown) => `“${String(s ?? '')}”`;

export const rules = defineRules({
  'slides-gs-missing': {
    severity: 'warning',
    message: {
      id: (d) => `Ghostscript (${d.command}) tidak ditemukan: PDF ini dikemas apa adanya, tidak diperkecil.`,
      en: (d) => `Ghostscript (${d.command}) was not found: this PDF goes into the package as authored, not made smaller.`,
    },
    hint: {
      id: () => 'Pasang Ghostscript (Debian/Ubuntu: `sudo apt-get install ghostscript`, atau atur GS_PATH) agar slide diperkecil untuk jaringan lambat, lalu bangun ulang.',
      en: () => 'Install Ghostscript (Debian/Ubuntu: `sudo apt-get install ghostscript`, or set GS_PATH) so slides are made small for slow links, then build again.',
    },
  },
  'slides-not-optimised': {
    severity: 'warning',
    message: {
      id: (d) => `Ghostscript tidak dapat memperkecil PDF ini (${d.detail ?? say(toolProblems, d.problem, 'id', d)}); PDF asli yang dikemas.`,
      en: (d) => `Ghostscript could not make this PDF smaller (${d.detail ?? say(toolProblems, d.problem, 'en', d)}); the original goes into the package.`,
    },
    hint: {
      id: () => 'Periksa apakah PDF terbuka dengan benar; jika tidak, ekspor ulang dari perangkat lunak presentasi. Untuk mematikan: media.slides: false di ajar.yaml.',
      en: () => 'Check that the PDF opens correctly; if not, export it again from the presentation software. To turn this off: media.slides: false in ajar.yaml.',
    },
  },
  'image-not-optimised': {
    severity: 'warning',
    message: {
      id: (d) => `Varian responsif gambar ini tidak dapat dibuat (${d.detail ?? say(imageProblems, d.problem, 'id', d)}); gambar asli yang dikemas.`,
      en: (d) => `No responsive variants could be made of this image (${d.detail ?? say(imageProblems, d.problem, 'en', d)}); the original goes into the package.`,
    },
    hint: {
      id: () => 'Periksa apakah gambar terbuka dengan benar; simpan ulang sebagai PNG atau JPEG. Untuk mematikan: media.images: false di ajar.yaml.',
      en: () => 'Check that the image opens correctly; save it again as PNG or JPEG. To turn this off: media.images: false in ajar.yaml.',
    },
  },
  'media-ffmpeg-missing': {
    severity: 'error',
    message: {
      id: (d) => `ffmpeg tidak ditemukan (${d.command}).`,
      en: (d) => `ffmpeg was not found (${d.command}).`,
    },
    hint: {
      id: () => 'Pasang ffmpeg: sudo apt-get install -y ffmpeg (atau atur FFMPEG_PATH dan FFPROBE_PATH).',
      en: () => 'Install ffmpeg: sudo apt-get install -y ffmpeg (or set FFMPEG_PATH and FFPROBE_PATH).',
    },
  },
  'media-ffmpeg-too-old': {
    severity: 'error',
    message: {
      id: (d) => `ffmpeg ${d.version} terlalu lama; perlu versi ${d.minimum} atau lebih baru dengan libx264.`,
      en: (d) => `ffmpeg ${d.version} is too old; version ${d.minimum} or newer with libx264 is needed.`,
    },
    hint: {
      id: () => 'Perbarui ffmpeg: sudo apt-get install -y ffmpeg (Debian 12 membawa 5.1).',
      en: () => 'Update ffmpeg: sudo apt-get install -y ffmpeg (Debian 12 ships 5.1).',
    },
  },
  'media-unreadable': {
    severity: 'error',
    message: {
      id: (d) => `Berkas media tidak dapat dibaca atau rusak: ${d.detail ?? say(unreadableMedia, d.problem, 'id', d)}`,
      en: (d) => `The media file cannot be read or is corrupt: ${d.detail ?? say(unreadableMedia, d.problem, 'en', d)}`,
    },
    hint: {
      id: () => 'Ekspor ulang dari perangkat lunak penyunting (MP4 H.264/AAC), lalu jalankan lagi. Berkas media lain tetap diproses.',
      en: () => 'Export it again from the editing software (MP4 H.264/AAC) and run again. The other media files were still processed.',
    },
  },
  'media-no-video': {
    severity: 'error',
    message: { id: () => 'Berkas video ini tidak berisi trek gambar.', en: () => 'This video file has no picture track.' },
    hint: {
      id: () => 'Jika isinya hanya suara, rujuk sebagai `audio:` di front matter pelajaran, bukan `video:`.',
      en: () => 'If it is sound only, refer to it as `audio:` in the lesson front matter, not `video:`.',
    },
  },
  'media-no-audio': {
    severity: 'error',
    message: { id: () => 'Berkas media ini tidak berisi trek suara.', en: () => 'This media file has no sound track.' },
    hint: {
      id: () => 'Ekspor ulang dengan suara (video pembelajaran perlu narasi; tambahkan trek hening jika memang bisu).',
      en: () => 'Export it again with sound (a lesson video needs narration; add a silent track if it really is mute).',
    },
  },
  'media-variable-frame-rate': {
    severity: 'error',
    message: {
      id: (d) => `Laju bingkai video berubah-ubah (nominal ${d.nominal} fps, rata-rata ${d.average} fps).`,
      en: (d) => `The video has a variable frame rate (nominal ${d.nominal} fps, average ${d.average} fps).`,
    },
    hint: {
      id: () => 'Ekspor ulang dengan laju bingkai tetap (mis. 25 atau 30 fps); rekaman ponsel dan layar sering VFR. ' + refuse.id(),
      en: () => 'Export it again at a constant frame rate (e.g. 25 or 30 fps); phone and screen recordings are often VFR. ' + refuse.en(),
    },
  },
  'media-interlaced': {
    severity: 'error',
    message: { id: (d) => `Video ini berbingkai jalin (interlaced, ${d.fieldOrder}).`, en: (d) => `This video is interlaced (${d.fieldOrder}).` },
    hint: {
      id: () => 'Ekspor ulang sebagai progresif (deinterlace di penyunting), mis. 1080p25. ' + refuse.id(),
      en: () => 'Export it again as progressive (deinterlace in the editor), e.g. 1080p25. ' + refuse.en(),
    },
  },
  'media-rotated': {
    severity: 'error',
    message: {
      id: (d) => `Video ini membawa metadata rotasi ${d.rotation}°; pemutar tidak selalu menghormatinya.`,
      en: (d) => `This video carries ${d.rotation}° rotation metadata, which players do not always honour.`,
    },
    hint: {
      id: () => 'Putar gambarnya di penyunting lalu ekspor ulang tanpa metadata rotasi. ' + refuse.id(),
      en: () => 'Rotate the picture in the editor and export it again without rotation metadata. ' + refuse.en(),
    },
  },
  'media-too-large': {
    severity: 'error',
    message: {
      id: (d) => `Resolusi video ${d.width}×${d.height} terlalu besar (4K atau lebih).`,
      en: (d) => `The video's resolution ${d.width}×${d.height} is too large (4K or more).`,
    },
    hint: {
      id: () => 'Ekspor master 1080p; rendisi tertinggi adalah 720p, jadi 4K hanya memperlambat. ' + refuse.id(),
      en: () => 'Export a 1080p master; the highest rendition is 720p, so 4K only slows things down. ' + refuse.en(),
    },
  },
  'media-small-source': {
    severity: 'info',
    message: {
      id: (d) => `Video hanya setinggi ${d.height} piksel, di bawah rendisi terkecil (${d.smallest}p); hanya satu rendisi dibuat, tanpa diperbesar.`,
      en: (d) => `The video is only ${d.height} pixels high, below the smallest rendition (${d.smallest}p); one rendition is made, not upscaled.`,
    },
  },
  'media-silent': {
    severity: 'warning',
    message: {
      id: () => 'Suara berkas ini terlalu senyap untuk diukur; kenyaringan tidak dinormalkan.',
      en: () => 'The sound of this file is too quiet to measure; loudness was not normalised.',
    },
    hint: { id: () => 'Periksa apakah trek suaranya benar.', en: () => 'Check that the sound track is the right one.' },
  },
  'media-transcode-failed': {
    severity: 'error',
    message: {
      id: (d) => `Transkode gagal: ${'problem' in d ? say(toolProblems, d.problem, 'id', d) : d.detail}`,
      en: (d) => `Transcoding failed: ${'problem' in d ? say(toolProblems, d.problem, 'en', d) : d.detail}`,
    },
    hint: {
      id: (d) => transcodeHints[String(d.problem)]?.id() ?? 'Berkas mungkin rusak di tengah. Ekspor ulang, atau jalankan `ajar --debug media` untuk keluaran ffmpeg lengkap.',
      en: (d) => transcodeHints[String(d.problem)]?.en() ?? 'The file may be damaged part-way. Export it again, or run `ajar --debug media` for ffmpeg’s full output.',
    },
  },
  'media-disk-full': {
    severity: 'error',
    message: {
      id: (d) =>
        d.needed !== undefined
          ? `Ruang disk di ${q2(d.dir)} tidak cukup: transkode ini memerlukan sekitar ${bytes(d.needed)}, yang kosong ${bytes(d.free)}.`
          : `Disk yang memuat ${q2(d.dir)} penuh (ENOSPC: No space left on device).`,
      en: (d) =>
        d.needed !== undefined
          ? `Not enough disk space in ${q2(d.dir)}: this transcode needs about ${bytes(d.needed)}, ${bytes(d.free)} is free.`
          : `The disk holding ${q2(d.dir)} is full (ENOSPC: No space left on device).`,
    },
    hint: {
      id: () => 'Kosongkan ruang di disk itu, atau tunjuk folder tembolok di disk lain dengan --cache-dir, lalu jalankan lagi. Berkas videonya tidak rusak.',
      en: () => 'Free space on that disk, or point --cache-dir at another disk, then run again. The video file itself is fine.',
    },
  },
  'media-source-truncated': {
    severity: 'error',
    message: {
      id: (d) => `Sumber terpotong: hanya ${d.seconds} detik dari ${d.duration} detik yang dapat dibaca, jadi videonya tidak dikirim setengah jadi.`,
      en: (d) => `The source is cut short: only ${d.seconds} s of its ${d.duration} s could be read, so a half video is not shipped.`,
    },
    hint: {
      id: () => 'Salin atau ekspor ulang berkasnya (salinan yang terputus, unggahan setengah jalan), lalu jalankan lagi.',
      en: () => 'Copy or export the file again (an interrupted copy or a half-finished upload), then run again.',
    },
  },
  'caption-syntax': {
    severity: 'error',
    message: {
      id: (d) => `Takarir tidak sah: ${say(captionProblems, d.problem, 'id', d)}`,
      en: (d) => `Invalid captions: ${say(captionProblems, d.problem, 'en', d)}`,
    },
    hint: {
      id: () => 'Format waktu SRT: 00:01:02,500 --> 00:01:05,000; WebVTT: 00:01:02.500 --> 00:01:05.000, dengan baris kosong di antara isyarat.',
      en: () => 'SRT timing: 00:01:02,500 --> 00:01:05,000; WebVTT: 00:01:02.500 --> 00:01:05.000, with a blank line between cues.',
    },
  },
  'caption-timing': {
    severity: 'error',
    message: {
      id: (d) => `Isyarat takarir berakhir (${d.end}) sebelum atau saat mulai (${d.start}).`,
      en: (d) => `The caption cue ends (${d.end}) before or when it starts (${d.start}).`,
    },
    hint: { id: () => 'Perbaiki waktu akhirnya agar setelah waktu mulai.', en: () => 'Fix the end time so it comes after the start time.' },
  },
  'caption-order': {
    severity: 'warning',
    message: {
      id: (d) => `Isyarat takarir mulai (${d.start}) sebelum isyarat sebelumnya berakhir (${d.previousEnd}).`,
      en: (d) => `The caption cue starts (${d.start}) before the previous cue ends (${d.previousEnd}).`,
    },
    hint: {
      id: () => 'Urutkan isyarat menurut waktu dan hindari tumpang tindih agar takarir mudah dibaca.',
      en: () => 'Order cues by time and avoid overlaps so captions stay readable.',
    },
  },
  'caption-empty': {
    severity: 'error',
    message: { id: () => 'Berkas takarir tidak berisi isyarat.', en: () => 'The caption file has no cues.' },
    hint: { id: () => 'Isi takarirnya atau hapus rujukannya dari front matter.', en: () => 'Fill in the captions or remove the reference from the front matter.' },
  },
  'caption-beyond-video': {
    severity: 'warning',
    message: {
      id: (d) => `Takarir berlanjut sampai ${d.end}, setelah video ${q(d.video)} berakhir (${d.duration}).`,
      en: (d) => `The captions run until ${d.end}, after the video ${q(d.video)} ends (${d.duration}).`,
    },
    hint: {
      id: () => 'Mungkin takarir ini untuk video lain, atau videonya dipotong; periksa pasangannya.',
      en: () => 'The captions may belong to another video, or the video was cut; check the pair.',
    },
  },
  'caption-not-utf8': {
    severity: 'error',
    message: { id: () => 'Berkas takarir bukan UTF-8.', en: () => 'The caption file is not UTF-8.' },
    hint: {
      id: () => 'Simpan ulang sebagai UTF-8 (di Subtitle Edit: File → Save as, Encoding UTF-8).',
      en: () => 'Save it again as UTF-8 (in Subtitle Edit: File → Save as, Encoding UTF-8).',
    },
  },
  'media-queue-unreachable': {
    severity: 'error',
    message: {
      id: (d) => `Antrean Redis ${d.url} tidak dapat dihubungi: ${d.detail ?? say(queueProblems, d.problem, 'id', d)}`,
      en: (d) => `The Redis queue ${d.url} cannot be reached: ${d.detail ?? say(queueProblems, d.problem, 'en', d)}`,
    },
    hint: {
      id: () => 'Periksa alamat redis://host:port, kata sandi dan firewall; jalankan redis-server bila perlu.',
      en: () => 'Check the redis://host:port address, password and firewall; start redis-server if needed.',
    },
  },
  'media-queue-lost': {
    severity: 'error',
    message: {
      id: (d) => `Antrean Redis di ${d.queue} tidak menjawab selama ${d.seconds} detik; ajar berhenti menunggunya.`,
      en: (d) => `The Redis queue at ${d.queue} did not answer for ${d.seconds} s; ajar stopped waiting for it.`,
    },
    hint: {
      id: () => 'Berkas yang masih menunggu tidak ditranskode. Periksa redis-server dan jaringan ke sana, lalu jalankan lagi: yang sudah selesai diambil dari tembolok. Beri waktu lebih dengan --queue-tolerance <detik> bila Redis lama dimulai ulang.',
      en: () => 'Files still waiting were not transcoded. Check redis-server and the network to it, then run again: what was finished comes from the cache. Allow longer with --queue-tolerance <seconds> when Redis takes longer to restart.',
    },
  },
  'media-store-url': {
    severity: 'error',
    message: { id: (d) => `Alamat penyimpanan bersama ${q(d.url)} tidak sah.`, en: (d) => `The shared store address ${q(d.url)} is not valid.` },
    hint: {
      id: () => 'Gunakan s3://nama-bucket/awalan (kredensial dari AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, server dari AWS_ENDPOINT_URL), atau tanpa --store untuk folder bersama (--cache-dir).',
      en: () => 'Use s3://bucket-name/prefix (credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, server from AWS_ENDPOINT_URL), or no --store for a shared folder (--cache-dir).',
    },
  },
  'media-queue-url': {
    severity: 'error',
    message: { id: (d) => `Alamat antrean ${q(d.url)} tidak sah.`, en: (d) => `The queue address ${q(d.url)} is not valid.` },
    hint: { id: () => 'Gunakan redis://host:6379 atau rediss://… untuk TLS.', en: () => 'Use redis://host:6379, or rediss://… for TLS.' },
  },
}, { problem: { ...unreadableMedia, ...imageProblems, ...captionProblems, ...toolProblems, ...queueProblems, ...workerProblems } });
