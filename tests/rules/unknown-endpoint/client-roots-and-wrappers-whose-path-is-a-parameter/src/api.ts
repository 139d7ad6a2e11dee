const API_BASE_URL = "https://api.bitbucket.org/2.0";

export async function call<T>(path: string | URL, init: RequestInit = {}): Promise<T> {
  const url = path instanceof URL ? path : new URL(`${API_BASE_URL}/${path}`);
  const res = await fetch(url, { ...init, headers: { Authorization: `Bearer ${process.env.BITBUCKET_ACCESS_TOKEN}` } });
  return (await res.json()) as T;
}
