import { useEffect, useState } from 'react';
import { credential } from './credential.js';

/**
 * Images are served to callers with the viewer role and up, so the request carries the
 * credential, which an <img src> cannot send: the page fetches the bytes and shows them from a
 * blob: URL. One fetch per path and credential, so a preload and the later display share it.
 */
const loaded = new Map<string, Promise<string>>();

export function imageObjectUrl(path: string): Promise<string> {
  const key = `${credential.get()}\n${path}`;
  let url = loaded.get(key);
  if (!url) {
    url = fetch(new URL(path, location.href), { headers: { authorization: `Bearer ${credential.get()}` } }).then(async (res) => {
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return URL.createObjectURL(await res.blob());
    });
    url.catch(() => loaded.delete(key));
    // Bounded: the oldest blob URLs are released as an educator moves through the queue.
    if (loaded.size >= 40) {
      const [oldest] = loaded;
      if (oldest) {
        loaded.delete(oldest[0]);
        void oldest[1].then(URL.revokeObjectURL, () => undefined);
      }
    }
    loaded.set(key, url);
  }
  return url;
}

/** Starts loading an image the user will likely look at next (the rating queue's next item). */
export const preloadImage = (path: string | null | undefined): void => {
  if (path) imageObjectUrl(path).catch(() => undefined);
};

function useObjectUrl(path: string | null | undefined): { url: string | null; failed: boolean } {
  const [state, setState] = useState<{ url: string | null; failed: boolean }>({ url: null, failed: false });
  useEffect(() => {
    let live = true;
    setState({ url: null, failed: false });
    if (path)
      imageObjectUrl(path).then(
        (url) => live && setState({ url, failed: false }),
        () => live && setState({ url: null, failed: true }),
      );
    return () => {
      live = false;
    };
  }, [path]);
  return state;
}

const ZOOMS = [
  { label: 'Fit', value: 0 },
  { label: '100%', value: 1 },
  { label: '200%', value: 2 },
] as const;

/** The assessed image, fitted to its column; zoom to its own pixels (or twice) and scroll around. */
export function Illustration({
  image,
}: {
  image: { url?: string | null; topic: string; width: number; height: number; format: string };
}) {
  const { url, failed } = useObjectUrl(image.url);
  const [zoom, setZoom] = useState(0);
  useEffect(() => setZoom(0), [image.url]);
  if (!image.url) {
    return (
      <p className="no-image">
        No image was sent with this assessment, only its hash ({image.format} {image.width}×{image.height}).
      </p>
    );
  }
  return (
    <figure className="illustration">
      <div className="zoom" role="group" aria-label="Zoom">
        {ZOOMS.map((z) => (
          <button key={z.label} type="button" aria-pressed={zoom === z.value} onClick={() => setZoom(z.value)}>
            {z.label}
          </button>
        ))}
      </div>
      <div className={zoom ? 'frame zoomed' : 'frame'}>
        {url ? (
          <img
            src={url}
            alt={`The assessed image: ${image.topic}`}
            width={zoom ? image.width * zoom : undefined}
            height={zoom ? image.height * zoom : undefined}
            onClick={() => setZoom((z) => (z ? 0 : 1))}
          />
        ) : (
          <p className="loading">{failed ? 'The image could not be loaded.' : 'Loading the image…'}</p>
        )}
      </div>
      <figcaption>
        {image.topic} · {image.format} {image.width}×{image.height} · click to zoom
      </figcaption>
    </figure>
  );
}
