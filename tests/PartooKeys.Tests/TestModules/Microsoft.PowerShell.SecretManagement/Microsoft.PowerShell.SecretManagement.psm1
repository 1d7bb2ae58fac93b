# In-memory vaults: name -> (secret name -> value). 'TestVault' is registered and is the default.
# A store is this runspace's own, or shared by every runspace of the process that joins it (like the
# real module, whose vaults are one per process): Use-TestSecretStore -Name X, or the environment
# variable TEST_SECRETMANAGEMENT_STORE=X when the module is imported. A shared store is NOT
# thread-safe, like the real one (SecretManagement issue 188): a Get-Secret or Set-Secret that
# overlaps another fails with GetSecretInvalidOperation, then "not found", as the real one does.
function New-TestStore { @{ Vaults = [ordered]@{ TestVault = @{} }; DefaultVault = 'TestVault'; Busy = [object]::new(); Shared = $false } }

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

function Register-TestSecretVault {
    [CmdletBinding()]
    param([Parameter(Mandatory)][string] $Name, [switch] $DefaultVault)
    $script:Store.Vaults[$Name] = @{}
    if ($DefaultVault) { $script:Store.DefaultVault = $Name }
}

function Clear-TestSecretVault {
    [CmdletBinding()]
    param([switch] $NoDefaultVault)
    $script:Store.Vaults = [ordered]@{ TestVault = @{} }
    $script:Store.DefaultVault = if ($NoDefaultVault) { $null } else { 'TestVault' }
}

function Get-SecretVault {
    [CmdletBinding()]
    param()
    foreach ($name in @($script:Store.Vaults.Keys)) { [pscustomobject]@{ Name = $name; IsDefault = ($name -eq $script:Store.DefaultVault) } }
}

function Resolve-TestVault([string] $Vault, $Cmdlet) {
    if ($Vault) {
        if (-not $script:Store.Vaults.Contains($Vault)) {
            $exception = [System.Management.Automation.PSInvalidOperationException]::new("Vault not found in registry: $Vault")
            $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new($exception, 'GetSecretVaultNotFound', 'ObjectNotFound', $Vault))
        }
        return $Vault
    }
    if (-not $script:Store.DefaultVault) {
        $exception = [System.Management.Automation.PSInvalidOperationException]::new('There are no registered vaults.')
        $Cmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new($exception, 'GetSecretNoDefaultVault', 'InvalidOperation', $null))
    }
    return $script:Store.DefaultVault
}

function Get-Secret {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)][string] $Name,
        [Parameter(Position = 1)][string] $Vault,
        [switch] $AsPlainText
    )
    $vaultName = Resolve-TestVault $Vault $PSCmdlet
    $store = $script:Store.Vaults[$vaultName]
    $found = $false
    $value = $null
    if (Enter-TestStore 'Get' $Name $vaultName $PSCmdlet) {
        try { if ($store.ContainsKey($Name)) { $found = $true; $value = $store[$Name] } }
        finally { Exit-TestStore }
    }
    if (-not $found) {
        $exception = [System.Management.Automation.ItemNotFoundException]::new("The secret $Name was not found.")
        $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new($exception, 'GetSecretNotFound', 'ObjectNotFound', $Name))
        return
    }
    # Like the real module: strings come back as SecureString unless -AsPlainText.
    if ($value -is [string] -and -not $AsPlainText) { return [System.Net.NetworkCredential]::new('', $value).SecurePassword }
    if ($value -is [securestring] -and $AsPlainText) { return [System.Net.NetworkCredential]::new('', $value).Password }
    $value
}

function Set-Secret {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0)][string] $Name,
        [Parameter(Mandatory, Position = 1)][object] $Secret,
        [string] $Vault
    )
    $vaultName = Resolve-TestVault $Vault $PSCmdlet
    $store = $script:Store.Vaults[$vaultName]
    if (Enter-TestStore 'Set' $Name $vaultName $PSCmdlet) {
        try { $store[$Name] = $Secret }
        finally { Exit-TestStore }
    }
}
