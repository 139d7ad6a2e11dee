import axios, { AxiosInstance, AxiosRequestConfig } from 'axios';

interface Repo { slug: string }

export class BitbucketApi {
  private readonly baseUrl: string = 'https://api.bitbucket.org/2.0';
  private http: AxiosInstance;

  constructor(private readonly user: string, private readonly appPassword: string) {
    // expect: app-password-in-use
    this.http = axios.create({ auth: { username: user, password: appPassword } as AxiosRequestConfig['auth'] });
  }

  private async get<T>(path: string): Promise<T> {
    const res = await this.http.get<T>(`${this.baseUrl}${path}`);
    return res.data as T;
  }

  async repositories(workspace: string): Promise<Repo[]> {
    return (await this.get<{ values: Repo[] }>(`/repositories/${workspace}`))!.values;
  }

  async removeRepository(workspace: string, slug: string): Promise<void> {
    const config = { headers: { Accept: 'application/json' } } satisfies AxiosRequestConfig;
    await this.http.delete(`${this.baseUrl}/repositories/${workspace}/${slug}`, config);
  }
}
