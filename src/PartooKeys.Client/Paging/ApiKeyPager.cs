using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace PartooKeys.Paging;

/// <summary>
/// Walks GET /api_keys for a window of the listing (skip, first), asking only for the pages that
/// window needs. The first page is read alone (it tells count and max_page); the next pages are
/// fetched ahead, at most MaxConcurrency at a time, and handed out in the server's order, so at
/// most MaxConcurrency + 1 pages are held. Pages are sent explicitly: the docs say numbering starts
/// at 0 while their example starts at 1, so the first answer's count/max_page decide which.
/// A key is never returned twice, even if the listing shifts while it is read. When the number of
/// matching keys drops while a whole listing is read (the pipeline revokes the keys it lists, or
/// changes them out of the filter), keys behind the ones removed move to earlier pages: the pager
/// then reads the listing again from its first page, handing out only keys not seen yet, until a
/// pass finds none, so no key is skipped for it.
/// </summary>
public sealed class ApiKeyPager : IDisposable
{
    public const int MaxPageSize = 100;

    private readonly PartooClient _client;
    private readonly ApiKeyQuery _query;
    private readonly int _pageSize;
    private readonly int _concurrency;
    private readonly long _skip;
    private readonly long _first;
    private readonly int _lastIndexWanted;  // the last page the window needs
    private readonly HashSet<int> _seen = new();
    private readonly Queue<Task<ApiKeyPage>> _ahead = new();
    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource? _linked;
    private int _firstPageNumber = 1;  // becomes 0 on a server that counts pages from 0
    private int _nextIndex;            // 0-based index of the next page to hand out
    private int _nextToFetch;          // 0-based index of the next page to ask for ahead
    private int? _lastIndex;           // 0-based index of the last page, from the server
    private long _written;
    private bool _done;
    private const int MaxPasses = 10;
    private int _pass;                 // 0 for the first reading, then each reading again after a shrink
    private bool _shrank;              // the count dropped during this pass
    private long _newThisPass;
    private int? _passCount;           // the count on this pass's first page
    private int? _fewestCount;         // the lowest count seen so far
    private bool _countWarned;         // the count-changed warning is given once
    private readonly ApiKeyListing _listing = new();

    public ApiKeyPager(PartooClient client, ApiKeyQuery query, int pageSize, long skip = 0, long first = long.MaxValue, int maxConcurrency = 1)
    {
        if (pageSize is < 1 or > MaxPageSize) throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, $"The page size must be between 1 and {MaxPageSize}.");
        _client = client;
        _query = query;
        _pageSize = pageSize;
        _concurrency = Math.Max(1, maxConcurrency);
        _skip = Math.Max(0, skip);
        _first = Math.Max(0, first);
        _nextIndex = (int)Math.Min(int.MaxValue, _skip / pageSize);
        _lastIndexWanted = _first == long.MaxValue ? int.MaxValue : (int)Math.Min(int.MaxValue, (_skip + _first - 1) / pageSize);
        _done = _first == 0;
    }

    /// <summary>The number of keys matching the filters, once the first page has arrived.</summary>
    public int? TotalCount { get; private set; }

    /// <summary>How many pages the listing has, once the first page has arrived.</summary>
    public int? PageCount => _lastIndex is int last ? last + 1 : null;

    public int PagesRead { get; private set; }

    /// <summary>Things the user should know about the listing (the server's count moved, ...).</summary>
    public List<string> Warnings { get; } = new();

    /// <summary>
    /// The keys of the page handed out last that could not be read (inside the window, each once):
    /// the caller reports them alone; they take their place in the listing like any key.
    /// </summary>
    public IReadOnlyList<UnreadableApiKey> Unreadable { get; private set; } = Array.Empty<UnreadableApiKey>();

    /// <summary>Which page of the listing was handed out last, counted from 1 (whatever number Partoo gives its first page); 0 before the first.</summary>
    public int PageNumberHandedOut { get; private set; }

    /// <summary>
    /// The keys of the next page that fall inside the window, or null when the listing is done.
    /// When forceFirstRequest is true and nothing is to be written (First = 0), one page is still read, for the count.
    /// </summary>
    public async Task<IReadOnlyList<ApiKey>?> NextAsync(CancellationToken cancellationToken, bool forceFirstRequest = false)
    {
        if (_done && !(forceFirstRequest && PagesRead == 0)) return null;
        _linked ??= CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);

        ApiKeyPage page;
        if (PagesRead == 0)
        {
            page = await Fetch(_nextIndex).ConfigureAwait(false);
            if (IsZeroBased(page))
            {
                _firstPageNumber = 0;
                page = await Fetch(_nextIndex).ConfigureAwait(false);
            }
            _nextToFetch = _nextIndex + 1; // pages ahead are asked for from the next call on, after this page is written
        }
        else
        {
            FetchAhead(); // the page handed out next counts as in flight until it arrives
            if (_ahead.Count == 0) _ahead.Enqueue(Fetch(_nextToFetch++)); // past the known end: ask, the answer ends the listing
            page = await _ahead.Dequeue().ConfigureAwait(false);
            FetchAhead(); // it arrived: MaxConcurrency pages stay in flight while the pipeline writes it
        }
        PagesRead++;
        TrackShape(page);

        var keys = page.ApiKeys ?? Array.Empty<ApiKey>();
        var unreadable = page.Unreadable;
        var entries = page.Entries?.Count ?? keys.Length;
        var result = new List<ApiKey>(keys.Length);
        var notRead = new List<UnreadableApiKey>();
        var start = (long)_nextIndex * _pageSize;
        for (int at = 0, nextKey = 0, nextUnreadable = 0; at < entries; at++)
        {
            var bad = nextUnreadable < unreadable.Count && unreadable[nextUnreadable].Position == at ? unreadable[nextUnreadable++] : null;
            var key = bad is null && nextKey < keys.Length ? keys[nextKey++] : null;
            if (start + at < _skip || _written >= _first) continue;
            if (bad is not null)
            {
                if (bad.Id is int badId && !_seen.Add(badId)) continue;
                notRead.Add(bad);
            }
            else if (key is null || !_seen.Add(key.Id)) continue;
            else
            {
                key.Listing = _listing;
                result.Add(key);
            }
            _written++;
            _newThisPass++;
        }
        Unreadable = notRead;

        if (entries < _pageSize && _lastIndex is int lastPage && _nextIndex < lastPage && !_shrank)
            Warnings.Add($"Page {_nextIndex + 1} held {entries} keys where {_pageSize} were expected: the listing changed while it was read, so keys may be missing. Run the command again for a complete list.");
        PageNumberHandedOut = ++_nextIndex;
        if (entries == 0 || _written >= _first || _lastIndex is not int last || _nextIndex > last)
        {
            if (ReadAgain()) return result;
            _done = true;
            _stop.Cancel(); // pages fetched ahead are no longer wanted
        }
        return result;
    }

    /// <summary>
    /// At the end of a pass over a whole listing that shrank meanwhile: starts another pass from the
    /// first page (false when the listing is done: no shrink, a window of it, or a pass found nothing new).
    /// </summary>
    private bool ReadAgain()
    {
        var wholeListing = _skip == 0 && _first == long.MaxValue;
        if (!wholeListing || !_shrank || (_pass > 0 && _newThisPass == 0)) return false;
        if (_pass + 1 >= MaxPasses)
        {
            Warnings.Add($"The listing kept shrinking while it was read ({MaxPasses} passes): keys may be missing. Run the command again for a complete list.");
            return false;
        }
        _pass++;
        _shrank = false;
        _newThisPass = 0;
        foreach (var stale in _ahead) stale.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // positions moved: not used
        _ahead.Clear();
        _nextIndex = 0;
        _nextToFetch = 0;
        _lastIndex = null; // the pass's first page is read alone and tells the new shape
        _passCount = null;
        return true;
    }

    private Task<ApiKeyPage> Fetch(int index) =>
        _client.GetApiKeyPageAsync(_query, _firstPageNumber + index, _pageSize, _linked!.Token);

    /// <summary>Asks for the next pages of the listing until MaxConcurrency are queued (fetched ahead, in flight or arrived).</summary>
    private void FetchAhead()
    {
        var last = Math.Min(_lastIndex ?? _nextIndex, _lastIndexWanted);
        if (_nextToFetch < _nextIndex) _nextToFetch = _nextIndex;
        while (_ahead.Count < _concurrency && _nextToFetch <= last)
            _ahead.Enqueue(Fetch(_nextToFetch++));
    }

    private bool IsZeroBased(ApiKeyPage page)
    {
        if (page.Count is not int count || page.MaxPage is not int maxPage || count <= 0) return false;
        var oneBasedLast = (count + _pageSize - 1) / _pageSize;
        return maxPage == oneBasedLast - 1;
    }

    /// <summary>
    /// Compares each page's count with the count this pass began with (for a pass's first page: the fewest seen
    /// before), not with the page before: pages fetched ahead may be answered out of order, so while keys only leave,
    /// a later page can carry a higher count than an earlier one without any key added.
    /// </summary>
    private void TrackShape(ApiKeyPage page)
    {
        var count = page.Count;
        int? lastIndex = page.MaxPage is int max ? max - _firstPageNumber : count is int c ? (c + _pageSize - 1) / _pageSize - 1 : null;
        var reference = _passCount ?? _fewestCount;
        if (reference is int before && count is int after && after != before)
        {
            if (after < before && _skip == 0 && _first == long.MaxValue)
                _shrank = true; // keys left the listing: read it again at the end (ReadAgain) rather than miss the ones that moved up
            else if (!_countWarned)
            {
                _countWarned = true;
                Warnings.Add($"The number of matching keys changed from {before} to {after} while the listing was read: keys added or removed meanwhile may be missing. No key is listed twice.");
            }
        }
        else if (_lastIndex is int knownLast && lastIndex is int newLast && knownLast != newLast && !_shrank)
            Warnings.Add($"The number of pages changed from {knownLast + 1} to {newLast + 1} while the listing was read: keys may be missing. No key is listed twice.");
        if (count is int now)
        {
            TotalCount = now;
            _passCount ??= now;
            _fewestCount = Math.Min(_fewestCount ?? now, now);
            if (PagesRead == 1) _listing.Expected = Math.Min(_first, Math.Max(0, now - _skip)); // the listing's size when it started
        }
        if (lastIndex is not null) _lastIndex = lastIndex;
    }

    /// <summary>Cancels the pages still in flight.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        foreach (var pending in _ahead) pending.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // observe, never rethrow
        _linked?.Dispose();
        _stop.Dispose();
    }
}
