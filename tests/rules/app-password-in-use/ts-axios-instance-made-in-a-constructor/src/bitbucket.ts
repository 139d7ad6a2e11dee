import axios, { AxiosInstance } from 'axios';

export class Bitbucket {
  private http: AxiosInstance;

  constructor(private readonly workspace: string) {
    const username = process.env.BB_USERNAME;
    const appPassword = process.env.BITBUCKET_APP_PASSWORD;
    const token = Buffer.from(`${username}:${appPassword}`).toString('base64');
    // expect: app-password-in-use
    this.http = axios.create({
      baseURL: process.env.BITBUCKET_API_URL ?? 'https://api.bitbucket.org/2.0',
      headers: { Authorization: `Basic ${token}` },
    });
  }

  async repositories(): Promise<unknown[]> {
    const res = await this.http.get<{ values: unknown[] }>(`/repositories/${this.workspace}`);
    return res.data.values;
  }

  async get<T>(path: string): Promise<T> {
    const res = await this.http.get<T>(path);
    return res.data;
  }
}
