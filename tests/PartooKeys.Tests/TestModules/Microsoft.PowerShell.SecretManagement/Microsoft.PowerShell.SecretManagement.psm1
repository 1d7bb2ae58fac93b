# In-memory vaults: name -> @{ ModuleName; Secrets = (secret name -> value) }. 'TestVault' is registered and is the default.
function New-TestVault([string] $ModuleName) { @{ ModuleName = $ModuleName; Secrets = @{} } }

# A store is this runspace's own, or shared by every runspace of the process that joins it (like the
# real module, whose vaults are one per process): Use-TestSecretStore -Name X, or the environment
# variable TEST_SECRETMANAGEMENT_STORE=X at import. A shared store is NOT thread-safe, like the real
# module (SecretManagement issue 188): a Get-Secret or Set-Secret that overlaps another fails with
# '<Verb>SecretInvalidOperation' ("Unable to get secret N from vault V"), then Get-Secret says "not found".
function New-TestStore { @{ Vaults = [ordered]@{ TestVault = New-TestVault 'TestVaultExtension' }; DefaultVault = 'TestVault'; Busy = [object]::new(); Shared = $false } }

function Use-TestSecretStore {
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $Name)
    $domain = [System.AppDomain]::CurrentDomain
    [System.Threading.Monitor]::Enter($domain)
    try {
        $slot = "TestSecretManagement.Store.$Name"
        $store = $domain.GetData($slot)
        if ($null -eq $store) { $store = New-TestStore; $store.Shared = $true; $domain.SetData($slot, $store) }
        $script:Store = $store
    }
    finally { [System.Threading.Monitor]::Exit($domain) }
}

$script:Store = New-TestStore
if ($env:TEST_SECRETMANAGEMENT_STORE) { Use-TestSecretStore -Name $env:TEST_SECRETMANAGEMENT_STORE }

# Enters the store for one vault call; false (and the real module's error) when another thread is inside it.
function Enter-TestStore([string] $Verb, [string] $Name, [string] $VaultName, $Cmdlet) {
    if (-not [System.Threading.Monitor]::TryEnter($script:Store.Busy)) {
        $inner = [System.InvalidOperationException]::new('The vault is in use by another thread.')
        $exception = [System.Management.Automation.PSInvalidOperationException]::new("Unable to $($Verb.ToLowerInvariant()) secret $Name from vault $VaultName", $inner)
        $Cmdlet.WriteError([System.Management.Automation.ErrorRecord]::new($exception, "$($Verb)SecretInvalidOperation", 'InvalidOperation', $Name))
        return $false
    }
    if ($script:Store.Shared) { [System.Threading.Thread]::Sleep(20) } # widen the window, as a real vault round trip would
    return $true
}

function Exit-TestStore { [System.Threading.Monitor]::Exit($script:Store.Busy) }

# A test's hold on Set-Secret (this runspace's store): Set-TestSecretGate { <script> } makes every Set-Secret run the
# script just before it writes, e.g. a command that waits on an event; Set-TestSecretGate without a script lifts it.
# Like a real vault call, a Ctrl+C that stops the script stops the store: nothing is written.
$script:SetSecretGate = $null
function Set-TestSecretGate {
    [CmdletBinding()]
    param([Parameter(Position = 0)][scriptblock] $Gate)
    $script:SetSecretGate = $Gate
}

function Register-TestSecretVault {
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $Name, [switch] $DefaultVault)
    $script:Store.Vaults[$Name] = New-TestVault 'TestVaultExtension'
    if ($DefaultVault) { $script:Store.DefaultVault = $Name }
}

function Clear-TestSecretVault {
    [CmdletBinding()]
    param([switch] $NoDefaultVault)
    $script:Store.Vaults = [ordered]@{ TestVault = New-TestVault 'TestVaultExtension' }
    $script:Store.DefaultVault = if ($NoDefaultVault) { $null } else { 'TestVault' }
}

function New-VaultError([string] $Message, [string] $ErrorId, [string] $Category, $Target, [type] $ExceptionType = [System.Management.Automation.PSInvalidOperationException]) {
    [System.Management.Automation.ErrorRecord]::new($ExceptionType::new($Message), $ErrorId, $Category, $Target)
}

# Real 1.1.2: an unknown vault is a TERMINATING error '<Verb><Noun>VaultNotFound' ("Vault not found in registry: V").
function Resolve-TestVault([string] $Vault, $Cmdlet, [string] $Prefix) {
    if ($Vault) {
        if (-not $script:Store.Vaults.Contains($Vault)) {
            $Cmdlet.ThrowTerminatingError((New-VaultError "Vault not found in registry: $Vault" "${Prefix}VaultNotFound" 'ObjectNotFound' $Vault))
        }
        return $Vault
    }
    if (-not $script:Store.DefaultVault) {
        $Cmdlet.ThrowTerminatingError((New-VaultError 'There are no registered vaults.' "${Prefix}NoDefaultVault" 'InvalidOperation' $null))
    }
    return $script:Store.DefaultVault
}

function Get-SecretVault {
    [CmdletBinding()]
    param([Parameter(Position = 0)][SupportsWildcards()][string[]] $Name = '*')
    foreach ($vaultName in @($script:Store.Vaults.Keys)) {
        if (-not ($Name | Where-Object { $vaultName -like $_ })) { continue }
        [pscustomobject]@{
            PSTypeName = 'Microsoft.PowerShell.SecretManagement.SecretVaultInfo'
            Name       = $vaultName
            ModuleName = $script:Store.Vaults[$vaultName].ModuleName
            ModulePath = ''
            Description = ''
            VaultParameters = @{}
            IsDefault  = ($vaultName -eq $script:Store.DefaultVault)
        }
    }
}

function Register-SecretVault {
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, Position = 0)][string] $ModuleName,
        [Parameter(Position = 1)][string] $Name,
        [hashtable] $VaultParameters,
        [switch] $DefaultVault,
        [switch] $AllowClobber,
        [string] $Description,
        [switch] $PassThru
    )
    if (-not $Name) { $Name = [System.IO.Path]::GetFileNameWithoutExtension($ModuleName) }
    if ($script:Store.Vaults.Contains($Name) -and -not $AllowClobber) {
        $PSCmdlet.ThrowTerminatingError((New-VaultError "Provided Name $Name is already used to register another vault. Use -AllowClobber to overwrite it." 'RegisterSecretVaultInvalidVaultName' 'InvalidArgument' $Name))
    }
    if (-not $PSCmdlet.ShouldProcess($Name, 'Register secret vault')) { return }
    $script:Store.Vaults[$Name] = New-TestVault $ModuleName
    # Like 1.1.x: the first vault registered becomes the default.
    if ($DefaultVault -or -not $script:Store.DefaultVault) { $script:Store.DefaultVault = $Name }
    if ($PassThru) { Get-SecretVault -Name $Name }
}

function Unregister-SecretVault {
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)][string[]] $Name)
    process {
        foreach ($vaultName in $Name) {
            if (-not $script:Store.Vaults.Contains($vaultName)) {
                $PSCmdlet.WriteError((New-VaultError "Unable to find secret vault $vaultName to unregister it." 'UnregisterSecretVaultObjectNotFound' 'ObjectNotFound' $vaultName ([System.Management.Automation.ItemNotFoundException])))
                continue
            }
            if (-not $PSCmdlet.ShouldProcess($vaultName, 'Unregister secret vault')) { continue }
            $script:Store.Vaults.Remove($vaultName)
            if ($script:Store.DefaultVault -eq $vaultName) { $script:Store.DefaultVault = $null }
        }
    }
}

function Set-SecretVaultDefault {
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Position = 0)][string] $Name, [switch] $ClearDefault)
    if ($ClearDefault) { $script:Store.DefaultVault = $null; return }
    $null = Resolve-TestVault $Name $PSCmdlet 'SetSecretVaultDefault'
    $script:Store.DefaultVault = $Name
}

function Get-Secret {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)][string] $Name,
        [Parameter(Position = 1)][string] $Vault,
        [switch] $AsPlainText
    )
    $vaultName = Resolve-TestVault $Vault $PSCmdlet 'GetSecret'
    $store = $script:Store.Vaults[$vaultName].Secrets
    $found = $false
    $value = $null
    if (Enter-TestStore 'Get' $Name $vaultName $PSCmdlet) {
        try { if ($store.ContainsKey($Name)) { $found = $true; $value = $store[$Name] } }
        finally { Exit-TestStore }
    }
    if (-not $found) {
        # Real 1.1.2: NON-terminating, nothing returned.
        $PSCmdlet.WriteError((New-VaultError "The secret $Name was not found." 'GetSecretNotFound' 'ObjectNotFound' $Name ([System.Management.Automation.ItemNotFoundException])))
        return
    }
    # Like the real module: strings come back as SecureString unless -AsPlainText.
    if ($value -is [string] -and -not $AsPlainText) { return [System.Net.NetworkCredential]::new('', $value).SecurePassword }
    if ($value -is [securestring] -and $AsPlainText) { return [System.Net.NetworkCredential]::new('', $value).Password }
    if ($value -is [securestring]) { return $value.Copy() }
    $value
}

function Set-Secret {
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory, Position = 0)][string] $Name,
        [Parameter(Mandatory, Position = 1, ValueFromPipeline)][object] $Secret,
        [Parameter(Position = 2)][string] $Vault,
        [hashtable] $Metadata,
        [switch] $NoClobber
    )
    process {
        $vaultName = Resolve-TestVault $Vault $PSCmdlet 'SetSecret'
        $store = $script:Store.Vaults[$vaultName].Secrets
        if ($NoClobber -and $store.ContainsKey($Name)) {
            $PSCmdlet.ThrowTerminatingError((New-VaultError "A secret with name $Name already exists in vault $vaultName." 'SetSecretNoClobber' 'ResourceExists' $Name))
        }
        if ($Secret -is [System.Management.Automation.PSObject]) { $Secret = $Secret.BaseObject }
        if ($Secret -isnot [string] -and $Secret -isnot [securestring] -and $Secret -isnot [pscredential] -and
            $Secret -isnot [hashtable] -and $Secret -isnot [byte[]]) {
            $PSCmdlet.ThrowTerminatingError((New-VaultError "Invalid secret type: $($Secret.GetType().FullName)." 'SetSecretInvalidSecretType' 'InvalidArgument' $Name))
        }
        if ($PSCmdlet.ShouldProcess("$Name ($vaultName)", 'Set secret') -and (Enter-TestStore 'Set' $Name $vaultName $PSCmdlet)) {
            try {
                if ($script:SetSecretGate) { & $script:SetSecretGate }
                $store[$Name] = if ($Secret -is [securestring]) { $Secret.Copy() } else { $Secret }
            }
            finally { Exit-TestStore }
        }
    }
}

function Get-SecretInfo {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)][SupportsWildcards()][string] $Name = '*',
        [Parameter(Position = 1)][string] $Vault
    )
    $vaultNames = if ($Vault) { Resolve-TestVault $Vault $PSCmdlet 'GetSecretInfo' } else { @($script:Store.Vaults.Keys) }
    foreach ($vaultName in $vaultNames) {
        $store = $script:Store.Vaults[$vaultName].Secrets
        $secretNames = [string[]] @($store.Keys)
        [array]::Sort($secretNames, [System.StringComparer]::OrdinalIgnoreCase)
        foreach ($secretName in $secretNames) {
            if ($secretName -notlike $Name) { continue }
            $value = $store[$secretName]
            [pscustomobject]@{
                PSTypeName = 'Microsoft.PowerShell.SecretManagement.SecretInformation'
                Name      = $secretName
                Type      = switch ($value) { { $_ -is [string] } { 'String' } { $_ -is [securestring] } { 'SecureString' } { $_ -is [pscredential] } { 'PSCredential' } { $_ -is [hashtable] } { 'Hashtable' } default { 'ByteArray' } }
                VaultName = $vaultName
                Metadata  = @{}
            }
        }
    }
}

function Remove-Secret {
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory, Position = 0)][string] $Name, [Parameter(Mandatory, Position = 1)][string] $Vault)
    $vaultName = Resolve-TestVault $Vault $PSCmdlet 'RemoveSecret'
    $store = $script:Store.Vaults[$vaultName].Secrets
    if (-not $store.ContainsKey($Name)) {
        $PSCmdlet.WriteError((New-VaultError "The secret $Name was not found." 'RemoveSecretNotFound' 'ObjectNotFound' $Name ([System.Management.Automation.ItemNotFoundException])))
        return
    }
    if ($PSCmdlet.ShouldProcess("$Name ($vaultName)", 'Remove secret')) { $store.Remove($Name) }
}
