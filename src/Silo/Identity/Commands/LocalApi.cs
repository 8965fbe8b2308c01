namespace GameOps.Silo.Identity.Commands;

/// <summary>Where a command finds the API of the silo running beside it: the silo's own <c>Kestrel:Endpoints:Api:Url</c>.</summary>
public static class LocalApi
{
    public const string UrlSetting = "Kestrel:Endpoints:Api:Url";

    public static Uri AddressOf(IConfiguration configuration)
    {
        var url = configuration[UrlSetting] ?? "http://localhost:5080";

        // A silo listening on every address is reached on this machine through loopback.
        var address = new UriBuilder(url.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (address.Host is "0.0.0.0" or "[::]" or "::")
        {
            address.Host = "localhost";
        }

        return address.Uri;
    }

    public static HttpClient ClientFor(Uri api) => new() { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
}
