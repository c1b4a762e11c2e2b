namespace TinyCloud.Shared.Sharing;

public sealed class SharesOptions
{
    public const int MaxSasLifetimeMinutes = 60;

    /// <summary>How long a read-only SAS URL handed out by a public file link stays valid.</summary>
    public int SasLifetimeMinutes { get; set; } = 5;

    public TimeSpan SasLifetime => TimeSpan.FromMinutes(SasLifetimeMinutes);
}
