namespace TinyCloud.Shared.Drive;

public sealed class DriveOptions
{
    public long MaxUploadMb { get; set; } = 100;
    public long MaxFolderDownloadMb { get; set; } = 2000;
    /// <summary>Lifetime of the write-only SAS URL that begin-upload hands out.</summary>
    public int DirectUploadMinutes { get; set; } = 60;
    /// <summary>At most this many earlier contents are kept per file (the oldest go first).</summary>
    public int VersionsKept { get; set; } = 10;
    /// <summary>An earlier content is kept this many days after it stopped being current (TempCleanup removes older ones).</summary>
    public int VersionDays { get; set; } = 30;

    public long MaxUploadBytes => MaxUploadMb * 1024 * 1024;
    public long MaxFolderDownloadBytes => MaxFolderDownloadMb * 1024 * 1024;
    public TimeSpan DirectUploadLifetime => TimeSpan.FromMinutes(DirectUploadMinutes);

    /// <summary>
    /// How long the URL of a direct upload of <paramref name="sizeBytes"/> stays writable: five minutes plus the time the
    /// bytes take at 256 KiB/s, at most <see cref="DirectUploadMinutes"/>. A URL cannot limit what is written through it,
    /// so a small upload gets a short window (and the upload watch gives up any upload staging more than it declared).
    /// </summary>
    public TimeSpan DirectUploadLifetimeFor(long sizeBytes) => TimeSpan.FromTicks(Math.Min(DirectUploadLifetime.Ticks,
        (TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(Math.Ceiling(sizeBytes / (256.0 * 1024)))).Ticks));
}
