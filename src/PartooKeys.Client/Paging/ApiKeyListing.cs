using System.Threading;

namespace PartooKeys.Paging;

/// <summary>What the keys of one listing share: how many the listing will hand out, once its first page told.</summary>
internal sealed class ApiKeyListing
{
    private long _expected = -1;

    /// <summary>The number of keys the listing is expected to hand out; null until the first page has arrived.</summary>
    public long? Expected
    {
        get { var value = Interlocked.Read(ref _expected); return value < 0 ? null : value; }
        set => Interlocked.Exchange(ref _expected, value ?? -1);
    }
}
