/**
 * One photo uploaded through `POST /api/photos` with a Bearer token, as an API client sends it.
 * Throws unless it was stored (201); answers the new photo's id.
 */
export async function uploadThroughApi(
  baseUrl: string,
  token: string,
  photo: { data: Blob; name: string; description: string },
): Promise<string> {
  const form = new FormData();
  form.append('description', photo.description);
  form.append('photo', photo.data, photo.name);
  const response = await fetch(`${baseUrl}/api/photos`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const body = await response.text();
  if (response.status !== 201)
    throw new Error(`Upload of ${photo.name} answered ${response.status}: ${body.slice(0, 200)}`);
  return (JSON.parse(body) as { id: string }).id;
}
