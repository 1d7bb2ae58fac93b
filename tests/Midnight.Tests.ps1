#Requires -Version 5.1
<#
    Dates near midnight outside UTC. Partoo's "today" is UTC for PartooKeys (README, help: "at least tomorrow (UTC)",
    "a key is valid through its expiration date, UTC"), so the simulator's TodayTimeZone is UTC and a child shell runs
    under TZ=Pacific/Kiritimati (UTC+14) or TZ=America/Los_Angeles (UTC-8/-7): the module must use UTC dates, never
    the machine's.

    The test cannot choose the hour. Kiritimati's date is the UTC date + 1 from 10:00 to 24:00 UTC; Los Angeles's is
    the UTC date - 1 from 00:00 to 07:00/08:00 UTC. At those hours a client on local time fails here: in Kiritimati it
    refuses tomorrow (UTC), calls a key valid through today (UTC) Expired and misses it in the audit; in Los Angeles it
    sends today (UTC), which Partoo refuses, calls yesterday's key Active and audits it as expiring "today". At the
    other hours the zone's date equals the UTC date: the same checks run and pass, and the It says so on the host.
#>

BeforeDiscovery {
    # Windows ignores TZ: a process there cannot be given a time zone of its own.
    $script:NoTz = [Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT
}

Describe 'Dates near midnight in a time zone that is not UTC' -Skip:$NoTz {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'Pester/PartooKeys.TestHelpers.psm1') -Force
        Start-PartooStory

        # One child shell under TZ=$Zone: what the module did with "tomorrow", status, the view and the audit; one JSON line.
        $script:ChildScript = @'
$utc = [DateTime]::UtcNow.Date
$zoneDay = [DateTime]::Now.Date
$day = { param($date) $date.ToString('yyyy-MM-dd') }
$created = try { & $day (New-PartooApiKey -Label 'Midnight tomorrow' -ExpirationDate (& $day $utc.AddDays(1)) -Confirm:$false).ExpirationDate } catch { $_.FullyQualifiedErrorId -replace ',.*' }
$refused = try { $null = New-PartooApiKey -Label 'Midnight today' -ExpirationDate (& $day $utc) -Confirm:$false; 'created' } catch { $_.FullyQualifiedErrorId -replace ',.*' }
$keys = @(Get-PartooApiKey -Id 1007, 1008)
$findings = @(Get-PartooApiKeyAudit -Rule ExpiringSoon -ExpiringWithinDays 0 | ForEach-Object { @{ Id = $_.KeyId; Detail = $_.Detail; Recommendation = $_.Recommendation } })
'RESULT ' + (@{
    Zone = [TimeZoneInfo]::Local.Id; Utc = & $day $utc; ZoneDay = & $day $zoneDay; UtcAtEnd = & $day ([DateTime]::UtcNow.Date)
    Created = $created; Refused = $refused
    Status = @{ Yesterday = "$($keys[0].Status)"; Today = "$($keys[1].Status)" }; Expires = & $day $keys[1].ExpirationDate
    View = ($keys[1] | Out-String); Findings = $findings
} | ConvertTo-Json -Compress -Depth 4)
'@

        <#
            Runs the child under TZ=$Zone against keys expiring yesterday and today (UTC): 1007 and 1008. A UTC midnight
            between setting the keys and the child's last date makes the dates disagree: then the run is made again.
        #>
        function Invoke-AtMidnight([string] $Zone) {
            do {
                Reset-Simulator
                Set-SimKnob TodayTimeZone 'Etc/UTC' # Partoo's today, as the README says
                $utc = [DateTime]::UtcNow.Date
                Set-SimKey 1007 @{ ExpirationDate = $utc.AddDays(-1).ToString('yyyy-MM-dd') } | Out-Null
                Set-SimKey 1008 @{ ExpirationDate = $utc.ToString('yyyy-MM-dd') } | Out-Null
                $run = Invoke-PartooChildShell -Script $script:ChildScript -Environment @{ TZ = $Zone }
                $line = @($run.Text -split "`r?`n" | Where-Object { $_ -like 'RESULT *' })
                if ($line.Count -ne 1) { throw "The child shell under TZ=$Zone printed no result: $($run.Text)" }
                $result = $line[0].Substring(7) | ConvertFrom-Json
            } until ($result.Utc -eq $utc.ToString('yyyy-MM-dd') -and $result.UtcAtEnd -eq $result.Utc)
            $result
        }
    }

    AfterAll { Stop-PartooStory }

    It 'under TZ=<Zone> uses the UTC date for "tomorrow", status, the view and the audit' -ForEach @(
        @{ Zone = 'Pacific/Kiritimati' }
        @{ Zone = 'America/Los_Angeles' }
    ) {
        $r = Invoke-AtMidnight $Zone
        $today = [DateTime]::ParseExact($r.Utc, 'yyyy-MM-dd', [Globalization.CultureInfo]::InvariantCulture)
        $tomorrow = $today.AddDays(1).ToString('yyyy-MM-dd')
        $differs = if ($r.ZoneDay -ne $r.Utc) { 'differs: a client on local time fails here' } else { 'is the UTC date at this hour: local and UTC cannot be told apart now' }
        Write-Host "    TZ=$Zone`: the zone's date $($r.ZoneDay) $differs (UTC date $($r.Utc))."

        $r.Zone | Should -Be $Zone -Because 'the child runs in the zone asked for'
        $r.Created | Should -Be $tomorrow -Because 'tomorrow (UTC) is the earliest expiration date Partoo accepts'
        $r.Refused | Should -Be 'NewPartooApiKeyInvalidExpirationDate' -Because 'today (UTC) is refused before anything is sent'
        @(Get-SimRequests -Method POST | Where-Object Body -like '*Midnight today*') | Should -HaveCount 0
        $r.Status.Today | Should -Be 'Active' -Because 'a key is valid through its expiration date, UTC'
        $r.Status.Yesterday | Should -Be 'Expired'
        $r.View | Should -Match ("1008\s.*\sActive\s.*\s" + [regex]::Escape($r.Utc)) -Because 'the table shows the stored date and the UTC status'

        $expiring = @($r.Findings | Where-Object Id -eq 1008)
        $expiring | Should -HaveCount 1 -Because 'expiring within 0 days is the key whose last valid day is today (UTC)'
        $expiring[0].Detail | Should -BeLike "*$($r.Utc), today (its last valid day)*"
        $expiring[0].Recommendation | Should -BeLike "*-ExpirationDate $($today.AddDays(90).ToString('yyyy-MM-dd'))"
        @($r.Findings | Where-Object Id -eq 1007) | Should -HaveCount 0 -Because 'a key that expired yesterday (UTC) is not expiring soon'
    }
}
