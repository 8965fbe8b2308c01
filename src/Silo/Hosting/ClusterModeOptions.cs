using System.ComponentModel.DataAnnotations;
using System.Net;

namespace GameOps.Silo.Hosting;

/// <summary>Settings only cluster mode reads, bound from <see cref="Section"/>; the PostgreSQL store has its own section.</summary>
public sealed class ClusterModeOptions : IValidatableObject
{
    public const string Section = "GameOps:Cluster";

    /// <summary>The StackExchange.Redis configuration of the membership store, such as <c>redis.internal:6379,password=…</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = $"{Section}:{nameof(RedisConnectionString)} must be set in cluster mode.")]
    public string RedisConnectionString { get; set; } = string.Empty;

    /// <summary>The IP address other silos reach this one on; empty for the address this host's name resolves to.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// The settings, checked now: Orleans builds its Redis options from them before options validation would run, so a
    /// missing one must stop the start here, with a message that names it.
    /// </summary>
    public static ClusterModeOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<ClusterModeOptions>() ?? new ClusterModeOptions();
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            throw new InvalidOperationException(string.Join(" ", errors.Select(error => error.ErrorMessage)));
        }

        return options;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(AdvertisedAddress) && !IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return new ValidationResult($"{Section}:{nameof(AdvertisedAddress)} must be an IP address.", [nameof(AdvertisedAddress)]);
        }
    }
}
