//! Several index folders read as one (`--index A --index B`): their segments side by side under
//! one tantivy index, read-only. Counts behind stats and themes are sums over segments, so every
//! read command gives what one index holding all the responses would give; a response id held in
//! several folders is counted once, from the folder whose copy was submitted last.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, TERMINATED};

use super::directory::IndexDirectory;

const META: &str = "meta.json";

/// The tantivy folders of several indexes, each file served from the folder that holds it and a
/// `meta.json` listing every folder's segments.
#[derive(Debug, Clone)]
pub struct UnionDirectory {
    folders: Arc<Vec<IndexDirectory>>,
    /// Segment id (the file name before its first dot) -> folder.
    owner: Arc<HashMap<String, usize>>,
    meta: Arc<Vec<u8>>,
}

impl UnionDirectory {
    /// Opens the tantivy folders `dirs` (each `INDEX/tantivy`).
    pub fn open(dirs: &[PathBuf]) -> Result<UnionDirectory, String> {
        let mut folders = Vec::new();
        let mut owner = HashMap::new();
        let mut merged: Option<serde_json::Value> = None;
        let mut segments = Vec::new();
        let mut opstamp = 0u64;
        for (k, dir) in dirs.iter().enumerate() {
            let folder =
                IndexDirectory::open(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let bytes = folder
                .atomic_read(Path::new(META))
                .map_err(|e| format!("{}: {e}", dir.display()))?;
            let meta: serde_json::Value = serde_json::from_slice(&bytes)
                .map_err(|e| format!("{}: damaged {META} ({e})", dir.display()))?;
            for segment in meta["segments"].as_array().into_iter().flatten() {
                let id = segment["segment_id"]
                    .as_str()
                    .unwrap_or("")
                    .replace('-', "");
                owner.insert(id, k);
                segments.push(segment.clone());
            }
            opstamp = opstamp.max(meta["opstamp"].as_u64().unwrap_or(0));
            merged.get_or_insert(meta);
            folders.push(folder);
        }
        let mut meta = merged.ok_or("no index folders given")?;
        meta["segments"] = serde_json::Value::Array(segments);
        meta["opstamp"] = opstamp.into();
        Ok(UnionDirectory {
            folders: Arc::new(folders),
            owner: Arc::new(owner),
            meta: Arc::new(serde_json::to_vec(&meta).expect("meta serialises")),
        })
    }

    /// The folder (by position in the list opened) of each segment id.
    pub fn owners(&self) -> Arc<HashMap<String, usize>> {
        self.owner.clone()
    }

    fn folder(&self, path: &Path) -> Option<&IndexDirectory> {
        let name = path.file_name()?.to_str()?;
        let id = name.split('.').next()?;
        self.owner.get(id).map(|&k| &self.folders[k])
    }

    fn read_only(path: &Path) -> std::io::Error {
        std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!(
                "{} cannot be written: several indexes are read together",
                path.display()
            ),
        )
    }
}

impl Directory for UnionDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        match self.folder(path) {
            Some(folder) => folder.get_file_handle(path),
            None => Err(OpenReadError::FileDoesNotExist(path.to_path_buf())),
        }
    }
    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(Self::read_only(path)),
            filepath: path.to_path_buf(),
        })
    }
    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        if path == Path::new(META) {
            return Ok(true);
        }
        match self.folder(path) {
            Some(folder) => folder.exists(path),
            None => Ok(false),
        }
    }
    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: Arc::new(Self::read_only(path)),
            filepath: path.to_path_buf(),
        })
    }
    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        if path == Path::new(META) {
            return Ok(self.meta.to_vec());
        }
        match self.folder(path) {
            Some(folder) => folder.atomic_read(path),
            None => Err(OpenReadError::FileDoesNotExist(path.to_path_buf())),
        }
    }
    fn atomic_write(&self, path: &Path, _: &[u8]) -> std::io::Result<()> {
        Err(Self::read_only(path))
    }
    fn sync_directory(&self) -> std::io::Result<()> {
        Ok(())
    }
    fn watch(&self, _: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        // Readers hold each folder's lock, so that no ingest there removes files being read.
        let locks = self
            .folders
            .iter()
            .map(|f| f.acquire_lock(lock))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(DirectoryLock::from(Box::new(locks)))
    }
}

/// Documents left out of every count: copies of a response that another folder holds in a
/// later submission. Per segment id, the documents to drop.
#[derive(Debug, Clone, Default)]
pub struct Shadowed {
    pub docs: Arc<HashMap<SegmentId, Vec<DocId>>>,
}

impl Shadowed {
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}

impl Query for Shadowed {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for Shadowed {
    fn scorer(&self, reader: &SegmentReader, _: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut docs = self
            .docs
            .get(&reader.segment_id())
            .cloned()
            .unwrap_or_default();
        docs.sort_unstable();
        docs.push(TERMINATED);
        Ok(Box::new(SortedDocs { docs, at: 0 }))
    }

    fn explain(&self, _: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        Err(TantivyError::InvalidArgument(format!(
            "document {doc} is not explained"
        )))
    }
}

/// A segment's shadowed documents in order, ended by `TERMINATED`.
struct SortedDocs {
    docs: Vec<DocId>,
    at: usize,
}

impl DocSet for SortedDocs {
    fn advance(&mut self) -> DocId {
        self.at = (self.at + 1).min(self.docs.len() - 1);
        self.doc()
    }
    fn doc(&self) -> DocId {
        self.docs[self.at]
    }
    fn size_hint(&self) -> u32 {
        (self.docs.len() - 1 - self.at) as u32
    }
}

impl Scorer for SortedDocs {
    fn score(&mut self) -> Score {
        1.0
    }
}
