namespace TinyCloud.Shared.Sharing;

public sealed class SharesOptions
{
    public const int MaxSasLifetimeMinutes = 60;

    /// <summary>How long a read-only SAS URL handed out by a public file link stays valid.</summary>
    public int SasLifetimeMinutes { get; set; } = 5;

    public TimeSpan SasLifetime => TimeSpan.FromMinutes(SasLifetimeMinutes);

    /// <summary>Requests to anonymous link routes one client address may make per minute, over all links.</summary>
    public int RequestsPerAddressPerMinute { get; set; } = 120;

    /// <summary>Direct uploads begun through one upload-only link that may be open at once, with or without max_files.</summary>
    public int MaxOpenUploadsPerLink { get; set; } = 20;

    /// <summary>Requests one link may take per minute, from all addresses.</summary>
    public int RequestsPerLinkPerMinute { get; set; } = 600;
}
