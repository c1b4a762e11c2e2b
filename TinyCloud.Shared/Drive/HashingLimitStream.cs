using System.Security.Cryptography;

namespace TinyCloud.Shared.Drive;

/// <summary>
/// A read-only pass-through that counts, MD5-hashes (the blob's Content-MD5 and the ETag) and SHA-256-hashes (the
/// file's <c>sha256</c>) what flows through it, and ends the stream once more than
/// <c>limit</c> bytes were seen (<see cref="Exceeded"/> then tells the caller to throw the result away).
/// </summary>
public sealed class HashingLimitStream(Stream source, long limit) : Stream
{
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }
    public bool Exceeded => BytesRead > limit;

    public byte[] Md5() => _md5.GetCurrentHash();

    public byte[] Sha256() => _sha256.GetCurrentHash();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (Exceeded)
            return 0;
        // Read at most one byte past the limit: enough to know the source is too long.
        var window = (int)Math.Min(buffer.Length, limit + 1 - BytesRead);
        var read = await source.ReadAsync(buffer[..window], ct);
        _md5.AppendData(buffer.Span[..read]);
        _sha256.AppendData(buffer.Span[..read]);
        BytesRead += read;
        return Exceeded ? 0 : read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _md5.Dispose();
            _sha256.Dispose();
        }
        base.Dispose(disposing);
    }
}
