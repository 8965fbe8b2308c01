using System.ComponentModel.DataAnnotations;

namespace GameOps.Silo.Identity;

public sealed class SetupOptions
{
    public const string Section = "GameOps:Setup";

    /// <summary>Where the first start writes the one-time setup token, readable only by the silo's user.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "GameOps:Setup:TokenFilePath must name the file the setup token is written to.")]
    public string TokenFilePath { get; set; } = "data/setup-token";
}
