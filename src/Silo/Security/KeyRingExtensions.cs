using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Security;

public static class KeyRingExtensions
{
    /// <summary>
    /// ASP.NET Core Data Protection with its key ring in the <see cref="IXmlRepository"/> the hosting mode registers (the
    /// cluster's shared store), or else in the data folder (<see cref="KeyRingOptions"/>) rather than in the user's home,
    /// where it would outlive the deployment and be made with the umask's mode.
    /// </summary>
    public static IServiceCollection AddGameOpsKeyRing(this IServiceCollection services)
    {
        services.AddOptions<KeyRingOptions>().BindConfiguration(KeyRingOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // A fixed name, not the default (the content root path): keys stay valid when the binaries move, and every
        // silo of a cluster shares them.
        services.AddDataProtection().SetApplicationName("GameOps");
        services.TryAddSingleton<IXmlRepository>(provider =>
        {
            var folder = Path.GetFullPath(provider.GetRequiredService<IOptions<KeyRingOptions>>().Value.KeyDirectory);

            // The repository would create a missing folder with the umask's mode; its key files it writes 0600 itself.
            OwnerOnly.CreateFolder(folder);
            return new FileSystemXmlRepository(new DirectoryInfo(folder), provider.GetRequiredService<ILoggerFactory>());
        });
        services.AddOptions<KeyManagementOptions>().Configure<IXmlRepository>((keys, repository) => keys.XmlRepository = repository);
        services.AddDataFolder<KeyRingOptions>(ring => new DataFolder(ring.KeyDirectory));
        return services;
    }
}
