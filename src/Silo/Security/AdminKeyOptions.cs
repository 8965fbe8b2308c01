using System.ComponentModel.DataAnnotations;

namespace GameOps.Silo.Security;

public sealed class AdminKeyOptions
{
    public const string Section = "GameOps:AdminKey";

    /// <summary>Where the first start writes the admin API key, readable only by the silo's user.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "GameOps:AdminKey:FilePath must name the file the admin API key is written to.")]
    public string FilePath { get; set; } = "data/admin-api-key";
}
