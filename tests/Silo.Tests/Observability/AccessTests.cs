using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace GameOps.Silo.Tests.Observability;

/// <summary>The dashboard and the metrics show every org's data: only the platform admin may see them.</summary>
[Collection(ObservabilitySiloCollection.Name)]
[Trait("Category", "Slow")]
public sealed class AccessTests(ObservabilitySiloFixture fixture)
{
    public static TheoryData<string> ProtectedPaths => ["/metrics", "/dashboard", "/dashboard/", "/dashboard/DashboardCounters"];

    // Paths that answer 200 to the admin (the dashboard's bare path redirects to its slash).
    public static TheoryData<string> AdminPaths => ["/metrics", "/dashboard/", "/dashboard/DashboardCounters"];

    [Theory]
    [MemberData(nameof(ProtectedPaths))]
    public async Task Request_without_credentials_is_refused(string path)
    {
        using var response = await GetAsync(path, authorization: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/DashboardCounters")]
    public async Task Dashboard_challenges_a_browser_for_basic_credentials(string path)
    {
        using var response = await GetAsync(path, authorization: null);

        Assert.Equal("Basic realm=\"GameOps\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Metrics_challenges_for_a_bearer_key()
    {
        using var response = await GetAsync("/metrics", authorization: null);

        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [MemberData(nameof(ProtectedPaths))]
    public async Task Wrong_key_is_refused(string path)
    {
        using var response = await GetAsync(path, new AuthenticationHeaderValue("Bearer", "goa_" + Guid.NewGuid().ToString("N")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ProtectedPaths))]
    public async Task Host_credential_is_refused(string path)
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();

        using var bearer = await GetAsync(path, new AuthenticationHeaderValue("Bearer", host.Credential));
        using var basic = await GetAsync(path, Basic("admin", host.Credential));

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], [bearer.StatusCode, basic.StatusCode]);
    }

    [Theory]
    [MemberData(nameof(AdminPaths))]
    public async Task Admin_key_as_bearer_is_accepted(string path)
    {
        using var response = await GetAsync(path, new AuthenticationHeaderValue("Bearer", fixture.AdminKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/DashboardCounters")]
    public async Task Dashboard_takes_the_admin_key_as_basic_password_with_any_user_name(string path)
    {
        using var response = await GetAsync(path, Basic("whoever", fixture.AdminKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_refuse_basic_credentials()
    {
        using var response = await GetAsync("/metrics", Basic("admin", fixture.AdminKey));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_page_is_served_to_the_admin()
    {
        using var response = await GetAsync("/dashboard/", Basic("admin", fixture.AdminKey));

        Assert.Contains("Orleans Dashboard", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("admin:")]
    [InlineData("admin")]
    [InlineData("")]
    public async Task Malformed_basic_credentials_are_refused(string credentials)
    {
        using var response = await GetAsync("/dashboard/", new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials))));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private async Task<HttpResponseMessage> GetAsync(string path, AuthenticationHeaderValue? authorization)
    {
        using var client = fixture.Silo.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = authorization;
        return await client.SendAsync(request);
    }
}
