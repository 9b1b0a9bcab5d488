/**
 * The photos bench/http/search.bench.ts searches: one owner's 10,000 photos by one INSERT …
 * SELECT generate_series (descriptions from a word list, camera file names, dates taken over ten
 * years, a tenth unknown), another owner's as many, then ANALYZE. The files are absent: a listing
 * never reads them. Planted words: "Beach" in every 4th description, "sunset" in every 6th (both:
 * every 12th), "zeppelin" in 5 photos per owner.
 */
import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';

export const PHOTOS_PER_OWNER = 10_000;
export const OTHER_OWNER = { sub: 'bench-other-owner', username: 'other' };

/**
 * Words a description is made of, three per photo besides the planted ones, so each appears in
 * about 1 photo in 60: a vocabulary wide enough for PostgreSQL's statistics on the tsvector
 * column to hold its most common words (it needs 100 of them before it trusts them for a prefix
 * search; a narrower one leaves the planner guessing). Some accented ("café" is found by "cafe"
 * and the other way round), several starting with "mou", so a 3-letter prefix finds many words.
 */
const WORDS = [
  'mountain', 'mountains', 'mouse', 'moustache', 'mound', 'lake', 'forest', 'river', 'city',
  'street', 'market', 'garden', 'park', 'bridge', 'castle', 'church', 'museum', 'harbour', 'boat',
  'train', 'station', 'desert', 'island', 'village', 'snow', 'rain', 'storm', 'sky', 'night',
  'morning', 'evening', 'dog', 'cat', 'horse', 'bird', 'birthday', 'wedding', 'party', 'dinner',
  'lunch', 'breakfast', 'family', 'friends', 'holiday', 'hiking', 'camping', 'festival',
  'concert', 'school', 'office', 'kitchen', 'bedroom', 'balcony', 'rooftop', 'skyline', 'tower',
  'cathedral', 'temple', 'palace', 'ruins', 'valley', 'canyon', 'glacier', 'volcano', 'waterfall',
  'meadow', 'field', 'farm', 'barn', 'orchard', 'vineyard', 'cellar', 'wine', 'beer', 'coffee',
  'cake', 'bread', 'cheese', 'pizza', 'pasta', 'soup', 'salad', 'fish', 'ferry', 'yacht',
  'surf', 'swim', 'pool', 'tennis', 'football', 'cycling', 'running', 'marathon', 'ski',
  'snowboard', 'sledge', 'autumn', 'spring', 'summer', 'winter', 'leaves', 'flowers', 'roses',
  'tulips', 'sunflower', 'tree', 'oak', 'pine', 'moss', 'rock', 'cliff', 'cave', 'coast',
  'lighthouse', 'pier', 'dock', 'port', 'bay', 'dunes', 'sand', 'shell', 'crab', 'seagull',
  'owl', 'eagle', 'fox', 'deer', 'bear', 'wolf', 'rabbit', 'squirrel', 'baby', 'grandma',
  'grandpa', 'cousins', 'uncle', 'aunt', 'graduation', 'anniversary', 'picnic', 'barbecue',
  'parade', 'carnival', 'fireworks', 'lantern', 'candle', 'portrait', 'selfie', 'group', 'team',
  'Café', 'crème', 'brûlée', 'Zürich', 'Kraków', 'façade', 'piñata', 'São Paulo', 'Ærø',
  'Málaga', 'Genève', 'Øresund', 'smörgåsbord', 'jalapeño', 'naïve', 'Köln', 'Besançon',
]; // prettier-ignore

/** One owner's photos by one statement, through a connection of its own. */
async function seedOwner(client: Client, owner: { sub: string; username: string }) {
  await client.query(
    `INSERT INTO photos (id, owner_sub, owner_username, description, content_type, width, height,
       size_bytes, image_key, original_key, original_content_type, original_size_bytes,
       original_width, original_height, original_file_name, taken_at, thumbnail_key,
       thumbnail_content_type, thumbnail_width, thumbnail_height, thumbnail_size_bytes, created_at)
     SELECT gen_random_uuid(), $1, $2,
       concat_ws(' ',
         CASE WHEN n % 4 = 0 THEN 'Beach' END,
         ($4::text[])[1 + abs(hashint4(3 * n)::bigint) % cardinality($4::text[])],
         CASE WHEN n % 6 = 0 THEN 'sunset' END,
         ($4::text[])[1 + abs(hashint4(3 * n + 1)::bigint) % cardinality($4::text[])],
         ($4::text[])[1 + abs(hashint4(3 * n + 2)::bigint) % cardinality($4::text[])],
         CASE WHEN n % 2000 = 7 THEN 'zeppelin' END),
       'image/jpeg', 2048, 1536, 400000, 'bench/image.jpg', 'bench/original.jpg', 'image/jpeg',
       400000, 2048, 1536,
       CASE n % 3 WHEN 0 THEN 'IMG_' || lpad(n::text, 4, '0') || '.JPG'
                  WHEN 1 THEN 'DSC' || lpad(n::text, 5, '0') || '.jpg'
                  ELSE 'PXL_' || to_char(taken, 'YYYYMMDD_HH24MISS') || '.jpg' END,
       CASE WHEN n % 10 = 0 THEN NULL ELSE taken END,
       'bench/thumbnail.jpg', 'image/jpeg', 300, 225, 20000, now() - n * interval '1 minute'
     FROM generate_series(1, $3::int) AS n,
       LATERAL (SELECT timestamptz '2025-06-01 12:00Z' - n * interval '8 hours 45 minutes' AS taken) t`,
    [owner.sub, owner.username, PHOTOS_PER_OWNER, WORDS],
  );
}

/** DEMO's photos (under `demo.sub`) and the other owner's, then ANALYZE. */
export async function seedSearchPhotos(
  client: Client,
  demo: { sub: string; username: string },
): Promise<void> {
  const started = performance.now();
  await seedOwner(client, demo);
  await seedOwner(client, OTHER_OWNER);
  await client.query('ANALYZE photos');
  console.log(
    `Seeded 2 × ${PHOTOS_PER_OWNER.toLocaleString('en')} photos and ANALYZEd in ` +
      `${Math.round(performance.now() - started)} ms`,
  );
}
