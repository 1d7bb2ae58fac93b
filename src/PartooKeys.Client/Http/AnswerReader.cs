using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace PartooKeys.Http;

/// <summary>Reads an answer's body with a size cap enforced while reading, so an endless body costs at most the cap.</summary>
internal static class AnswerReader
{
    public static async Task<byte[]> ReadAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is long announced && announced > maxBytes) throw new AnswerTooLargeException();
        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920 / 2];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false);
            if (read == 0) return buffer.ToArray();
            if (buffer.Length + read > maxBytes) throw new AnswerTooLargeException();
            buffer.Write(chunk, 0, read);
        }
    }
}
