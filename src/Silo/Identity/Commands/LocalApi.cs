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

    /// <summary>A command's client for the API of the silo configured beside it.</summary>
    public static HttpClient ClientFor(IConfiguration configuration) => ClientFor(AddressOf(configuration));

    /// <summary>The full path of a file the silo's settings name (the same defaults as the silo's), as the command sees it.</summary>
    public static string PathOf<TOptions>(IConfiguration configuration, string section, Func<TOptions, string> path)
        where TOptions : class, new() =>
        Path.GetFullPath(path(configuration.GetSection(section).Get<TOptions>() ?? new TOptions()));

    /// <summary>Sends a command's request to the running silo; null, with the reason written, when the silo did not answer.</summary>
    public static async Task<HttpResponseMessage?> SendAsync(HttpClient api, HttpRequestMessage request, string what, TextWriter errors)
    {
        try
        {
            return await api.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            await errors.WriteLineAsync($"The silo's API at {api.BaseAddress} did not answer ({e.Message}); {what} needs the silo running.");
            return null;
        }
    }
}
