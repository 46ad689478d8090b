//! Writing outputs: file names made safe for every file system, and atomic writes (temp file, then rename).

use std::io::Write;
use std::path::{Path, PathBuf};

/// Longest file stem in bytes, leaving room for an extension within the usual 255-byte limit.
const MAX_STEM_BYTES: usize = 180;

/// A file stem that is safe on Windows, macOS and Linux: no separators or reserved characters,
/// no `..`, no leading or trailing dots and spaces, no reserved device names like CON.
pub fn safe_file_stem(name: &str) -> String {
    let mut stem: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    while stem.contains("..") {
        stem = stem.replace("..", ".");
    }
    let mut stem = stem
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string();
    if stem.len() > MAX_STEM_BYTES {
        let mut cut = MAX_STEM_BYTES;
        while !stem.is_char_boundary(cut) {
            cut -= 1;
        }
        stem.truncate(cut);
        stem = stem
            .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
            .to_string();
    }
    let base = stem.split('.').next().unwrap_or("").to_uppercase();
    let reserved = matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (base.len() == 4
            && (base.starts_with("COM") || base.starts_with("LPT"))
            && base.as_bytes()[3].is_ascii_digit());
    if reserved {
        stem.insert(0, '_');
    }
    if stem.is_empty() {
        "document".to_string()
    } else {
        stem
    }
}

/// Write `bytes` to `path` atomically: a temp file in the same folder, then a rename, so a failed
/// run never leaves a half-written file. Creates the folder if needed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temp = temp_beside(path)?;
    temp.write_all(bytes)?;
    // On Linux the run flushes everything it wrote once, at its end (`DiskFlush`): a sync per
    // file cost a sixth of a batch's time.
    #[cfg(not(target_os = "linux"))]
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A temporary file in `path`'s folder (made if missing), to be renamed to `path` when whole.
fn temp_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".gongwen-").suffix(".part");
    // Temp files are private (0600) by default; the finished document is an ordinary file that
    // colleagues and file servers can read (0644 before the umask).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    builder.tempfile_in(dir)
}

/// The output folder, held by one run at a time: two runs writing into one folder could mix
/// one letter's files from different inputs. On Linux the run takes an exclusive lock (flock)
/// on the folder itself, which the system lets go when the process ends, however it ends; a
/// second run is refused at once. Holding it, the run removes the `.gongwen-*.part` files an
/// earlier run left in the folder when it was killed mid-write (no other run can be writing
/// them). Elsewhere nothing is locked.
pub struct FolderLock {
    #[cfg(target_os = "linux")]
    _folder: std::fs::File,
}

impl FolderLock {
    /// Make `dir` if missing and lock it, or say why not (another run holds it).
    pub fn take(dir: &Path) -> Result<FolderLock, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot make the output folder {}: {e}", dir.display()))?;
        #[cfg(target_os = "linux")]
        {
            let folder = std::fs::File::open(dir)
                .map_err(|e| format!("cannot open the output folder {}: {e}", dir.display()))?;
            match rustix::fs::flock(
                &folder,
                rustix::fs::FlockOperation::NonBlockingLockExclusive,
            ) {
                Ok(()) => {}
                Err(rustix::io::Errno::WOULDBLOCK) => {
                    return Err(format!(
                        "another gongwen run is writing into {}: wait for it to finish, or give this run another folder with -o",
                        dir.display()
                    ));
                }
                // A file system without locks (some network shares): go on unlocked.
                Err(_) => {}
            }
            remove_stale_parts(dir);
            Ok(FolderLock { _folder: folder })
        }
        #[cfg(not(target_os = "linux"))]
        Ok(FolderLock {})
    }
}

/// Remove the `.gongwen-*.part` files in `dir`: what a killed run left mid-write. Only the
/// locked folder itself: a folder below it may be another run's output folder, locked by that
/// run and written at this moment.
#[cfg(target_os = "linux")]
fn remove_stale_parts(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if entry.file_type().is_ok_and(|t| t.is_file())
            && name.starts_with(".gongwen-")
            && name.ends_with(".part")
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// What a run writes under an output folder, made durable once, at the run's end (Linux: syncfs
/// of the folder's file system; elsewhere each file was synced as it was written). Files are
/// written under a temporary name and renamed into place, so a crash of gongwen never leaves a
/// half-written one; a power cut during a run may leave files written in it empty until this
/// flush. The folder is opened when the run starts, so that the flush also reports a write
/// that failed in the background at any time during the run.
pub struct DiskFlush {
    #[cfg(target_os = "linux")]
    folder: Option<std::fs::File>,
}

impl DiskFlush {
    /// Start watching `dir` (made if missing; if it cannot be, the writes report why).
    pub fn start(dir: &Path) -> DiskFlush {
        #[cfg(target_os = "linux")]
        {
            let folder = std::fs::create_dir_all(dir)
                .and_then(|()| std::fs::File::open(dir))
                .ok();
            DiskFlush { folder }
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = dir;
            DiskFlush {}
        }
    }

    /// Flush everything written since `start`.
    pub fn finish(self) -> std::io::Result<()> {
        #[cfg(target_os = "linux")]
        if let Some(folder) = &self.folder {
            rustix::fs::syncfs(folder)?;
        }
        Ok(())
    }
}

/// Hands out output paths inside one folder, never the same twice in a run.
#[derive(Debug)]
pub struct OutputNames {
    dir: PathBuf,
    taken: std::collections::HashSet<String>,
}

impl OutputNames {
    pub fn new(dir: &Path) -> Self {
        OutputNames {
            dir: dir.to_path_buf(),
            taken: Default::default(),
        }
    }

    /// A unique safe stem for `name` (adding -2, -3 … on a clash).
    pub fn claim(&mut self, name: &str) -> String {
        let stem = safe_file_stem(name);
        let mut candidate = stem.clone();
        let mut n = 2;
        while !self.taken.insert(candidate.to_lowercase()) {
            candidate = format!("{stem}-{n}");
            n += 1;
        }
        candidate
    }

    pub fn path(&self, stem: &str, extension: &str) -> PathBuf {
        self.dir.join(format!("{stem}.{extension}"))
    }
}

/// Pack `files` (inside `root`) into the zip archive `archive`, each under its path from
/// `root`, with the zip epoch as every date so that the same files give the same bytes. Files
/// are copied through to the archive, never held whole; those already compressed (PDF, DOCX,
/// XLSX, PNG) are stored as they are, the text deflated. Like every output, the archive is
/// written under a temporary name and renamed into place.
pub fn write_zip(root: &Path, files: &[PathBuf], archive: &Path) -> std::io::Result<()> {
    let mut temp = temp_beside(archive)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(temp.as_file_mut()));
    let to_io = |e: zip::result::ZipError| std::io::Error::other(e.to_string());
    for file in files {
        let name = file.strip_prefix(root).unwrap_or(file);
        let name = name.to_string_lossy().replace('\\', "/");
        let packed = matches!(
            file.extension().and_then(|e| e.to_str()),
            Some("pdf" | "docx" | "xlsx" | "png" | "zip")
        );
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(if packed {
                zip::CompressionMethod::Stored
            } else {
                zip::CompressionMethod::Deflated
            })
            .last_modified_time(zip::DateTime::default());
        zip.start_file(name, options).map_err(to_io)?;
        std::io::copy(&mut std::fs::File::open(file)?, &mut zip)?;
    }
    zip.finish()
        .map_err(to_io)?
        .into_inner()
        .map_err(|e| e.into_error())?;
    #[cfg(not(target_os = "linux"))]
    temp.as_file().sync_all()?;
    temp.persist(archive).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe() {
        assert_eq!(
            safe_file_stem("0982-关于完善我市科技创新协同机制的建议"),
            "0982-关于完善我市科技创新协同机制的建议"
        );
        assert_eq!(safe_file_stem("../../etc/passwd"), "_._etc_passwd");
        assert_eq!(
            safe_file_stem("a/b\\c:d*e?f\"g<h>i|j"),
            "a_b_c_d_e_f_g_h_i_j"
        );
        assert_eq!(safe_file_stem("CON"), "_CON");
        assert_eq!(safe_file_stem("com1.txt"), "_com1.txt");
        assert_eq!(safe_file_stem(" .. "), "document");
        assert_eq!(safe_file_stem("..."), "document");
        assert!(safe_file_stem(&"长".repeat(200)).len() <= MAX_STEM_BYTES);
        assert!(!safe_file_stem("a..b").contains(".."));
    }

    #[test]
    fn claims_are_unique() {
        let mut names = OutputNames::new(Path::new("out"));
        assert_eq!(names.claim("a"), "a");
        assert_eq!(names.claim("a"), "a-2");
        assert_eq!(names.claim("A"), "A-3");
    }

    #[test]
    fn atomic_write_leaves_only_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/x.md");
        write_atomically(&path, b"hello").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"hello");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }
}
