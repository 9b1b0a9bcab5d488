// A worker thread of heic-decoder.ts: decodes one HEIC at a time with libheif (libheif-js, built
// to WebAssembly), which works synchronously for hundreds of milliseconds on a 12 MP photo, so
// never on the event loop. Plain CommonJS, because a worker loads a file as it is: the same file
// runs under Jest (beside the TypeScript sources) and from dist/ (copied there by nest-cli.json).
// It only decodes; every rule (the pixel limit, orientation, the error shown) is in the caller.
'use strict';

const { parentPort } = require('node:worker_threads');
const libheif = require('libheif-js/wasm-bundle');

const OK = libheif.heif_error_code.heif_error_Ok;
const RGB = libheif.heif_colorspace.heif_colorspace_RGB;
const INTERLEAVED = libheif.heif_channel.heif_channel_interleaved;

parentPort.on('message', (/** @type {{ bytes: Uint8Array, maxPixels: number }} */ request) => {
  const reply = decode(request.bytes, request.maxPixels);
  parentPort.postMessage(reply, reply.pixels ? [reply.pixels] : []);
});

/**
 * The primary image as interleaved 8-bit RGB (RGBA when it has an alpha channel), with the
 * container's rotation, mirror and crop applied, in a buffer of its own (transferred, not copied).
 * The size is checked against `maxPixels` before anything is decoded.
 */
function decode(bytes, maxPixels) {
  const context = libheif.heif_context_alloc();
  let handle;
  let image;
  try {
    const read = libheif.heif_context_read_from_memory(context, bytes);
    if (read.code !== OK) return refused('corrupt', read.message);
    handle = libheif.heif_js_context_get_primary_image_handle(context);
    if (!handle || handle.code !== undefined) return refused('corrupt', handle && handle.message);
    const width = libheif.heif_image_handle_get_width(handle);
    const height = libheif.heif_image_handle_get_height(handle);
    if (width * height > maxPixels) return refused('too-many-pixels', `${width}x${height}`);
    const channels = libheif.heif_image_handle_has_alpha_channel(handle) ? 4 : 3;
    const chroma =
      channels === 4
        ? libheif.heif_chroma.heif_chroma_interleaved_RGBA
        : libheif.heif_chroma.heif_chroma_interleaved_RGB;
    image = libheif.heif_js_decode_image2(handle, RGB, chroma);
    if (!image || image.code !== undefined) return refused('corrupt', image && image.message);
    const plane = image.channels.find((channel) => channel.id === INTERLEAVED);
    if (!plane) return refused('corrupt', 'no interleaved plane');
    return {
      ok: true,
      width: plane.width,
      height: plane.height,
      channels,
      pixels: packRows(plane, channels),
    };
  } catch (error) {
    // libheif aborted (a WebAssembly trap): the caller retires this worker.
    return refused('corrupt', String(error));
  } finally {
    if (image && image.image) libheif.heif_image_release(image.image);
    if (handle && handle.code === undefined) libheif.heif_image_handle_release(handle);
    libheif.heif_context_free(context);
  }
}

/** The plane's rows without their padding, copied out of the WebAssembly heap (reused next time). */
function packRows(plane, channels) {
  const row = plane.width * channels;
  const pixels = new Uint8Array(row * plane.height);
  if (plane.stride === row) {
    pixels.set(plane.data.subarray(0, pixels.length));
  } else {
    for (let y = 0; y < plane.height; y++) {
      pixels.set(plane.data.subarray(y * plane.stride, y * plane.stride + row), y * row);
    }
  }
  return pixels.buffer;
}

function refused(kind, detail) {
  return { ok: false, kind, detail: String(detail) };
}
